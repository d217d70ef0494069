using System.Text.Json;
using CoPBot.Cards.Rendering;
using CoPBot.Cards.Rendering.BlockKit;
using CoPBot.Cards.Views;
using CoPBot.Testing;

namespace CoPBot.Cards.Tests.Rendering;

public sealed class BlockKitRendererTests
{
    private static readonly JsonSerializerOptions Indented = new(BlockKitJsonContext.Default.Options) { WriteIndented = true };

    public static TheoryData<string> Kinds() => [.. typeof(CardKinds).GetFields().Select(f => (string)f.GetValue(null)!)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void RenderMessage_EveryCardKind_StaysWithinLimits(string kind)
    {
        var view = Assert.Single(SampleCards.OnePerKind(), v => v.Kind == kind);

        var message = BlockKitRenderer.RenderMessage(view);

        Assert.NotEmpty(message.Blocks);
        Assert.False(string.IsNullOrWhiteSpace(message.Text));
        BlockKitLimitChecker.AssertWithin(message.Blocks, BlockKitLimits.MessageBlocks);
        if (BlockKitRenderer.IsModalKind(kind))
        {
            var modal = BlockKitRenderer.RenderModal(view);
            BlockKitLimitChecker.AssertWithin(modal);
        }
    }

    [Fact]
    public void RenderHome_AllCards_StaysWithinLimits()
    {
        var home = BlockKitRenderer.RenderHome("Your networks and sessions", [.. SampleCards.OnePerKind()]);

        Assert.Equal("home", home.Type);
        BlockKitLimitChecker.AssertWithin(home);
    }

    [Theory]
    [InlineData("<!channel> come now")]
    [InlineData("<!here>")]
    [InlineData("<@U123> says hi")]
    [InlineData("<http://x|y>")]
    [InlineData("Tom &amp; Jerry")]
    public void RenderMessage_HostileTitle_IsEscapedInEveryMrkdwnText(string hostile)
    {
        var view = SampleCards.Invitation(hostile) with
        {
            Subtitle = hostile,
            Paragraphs = [hostile],
            Facts = [new CardFact(hostile, hostile)],
            Sections = [new CardSection(hostile, [new CardItem(hostile, hostile)])],
        };

        var message = BlockKitRenderer.RenderMessage(view);
        var json = JsonSerializer.Serialize(message, BlockKitJsonContext.Default.BlockKitMessage);

        var escaped = BlockKitRenderer.EscapeMrkdwn(hostile);
        Assert.DoesNotContain("<", message.Text, StringComparison.Ordinal);
        Assert.Contains(escaped, message.Text, StringComparison.Ordinal);
        var markdown = BlockKitLimitChecker.Texts(message.Blocks).Where(t => t.Type == TextObject.MarkdownType).ToList();
        Assert.True(markdown.Count >= 5);
        Assert.All(markdown, t =>
        {
            Assert.DoesNotContain('<', t.Text);
            Assert.DoesNotContain('>', t.Text);
        });
        Assert.Contains(escaped, json.Replace("\\u0026", "&", StringComparison.Ordinal).Replace("\\u003C", "<", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void EscapeMrkdwn_AmpersandEntity_IsEscapedAgainSoItShowsLiterally()
    {
        Assert.Equal("&amp;amp; &lt;!channel&gt;", BlockKitRenderer.EscapeMrkdwn("&amp; <!channel>"));
    }

    [Fact]
    public void RenderMessage_Invitation_MatchesGoldenJson()
    {
        var message = BlockKitRenderer.RenderMessage(SampleCards.Invitation());

        var actual = JsonSerializer.Serialize(message, Indented);

        var goldenPath = Path.Combine(AppContext.BaseDirectory, "Rendering", "invitation.blockkit.json");
        var golden = File.ReadAllText(goldenPath);
        if (golden.ReplaceLineEndings().Trim() != actual.ReplaceLineEndings().Trim())
        {
            // Left beside the golden file for review; copy it over the golden file only after reading the diff.
            File.WriteAllText(Path.ChangeExtension(goldenPath, ".actual.json"), actual);
        }

        Assert.Equal(golden.ReplaceLineEndings().Trim(), actual.ReplaceLineEndings().Trim());
    }

    [Fact]
    public void RenderMessage_InvitationButtons_DeclineIsNotDanger()
    {
        var message = BlockKitRenderer.RenderMessage(SampleCards.Invitation());

        var buttons = message.Blocks.OfType<ActionsBlock>().SelectMany(a => a.Elements).OfType<ButtonElement>().ToList();
        Assert.Equal([CardActions.RsvpYes, CardActions.RsvpNo, CardActions.StopInviting], buttons.Select(b => b.ActionId));
        Assert.Equal("primary", buttons[0].Style);
        Assert.Null(buttons[1].Style);
        Assert.Null(buttons[2].Style);
        Assert.Equal("42", BlockKitRenderer.DataOf(buttons[1].Value)[CardActions.SessionKey]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RenderMessage_RosterOf200_TruncatesToLimitsAndSaysHowManyMore(bool withActions)
    {
        var roster = SampleCards.Roster(200, withActions);

        var message = BlockKitRenderer.RenderMessage(roster);
        var modal = BlockKitRenderer.RenderModal(roster);

        BlockKitLimitChecker.AssertWithin(message.Blocks, BlockKitLimits.MessageBlocks);
        BlockKitLimitChecker.AssertWithin(modal);
        if (withActions)
        {
            Assert.Equal(BlockKitLimits.MessageBlocks, message.Blocks.Count);
            var note = Assert.IsType<ContextBlock>(message.Blocks[^1]);
            var shown = message.Blocks.OfType<SectionBlock>().Count(s => s.Accessory is not null);
            Assert.Equal($"…and {200 - shown} more", note.Elements[0].Text);
        }
        else
        {
            var lines = message.Blocks.OfType<SectionBlock>().Sum(s => s.Text!.Text.Split('\n').Count(l => l.StartsWith('•')));
            Assert.Equal(200, lines);
        }
    }

    [Fact]
    public void RenderMessage_LongTexts_AreCutWithEllipsis()
    {
        var view = new CardView
        {
            Kind = CardKinds.Notice,
            Title = new string('T', 400),
            Paragraphs = [new string('&', 5000)],
            Facts = [.. Enumerable.Range(0, 25).Select(i => new CardFact("Label " + i, new string('v', 3000)))],
            Actions = [new CardAction(new string('a', 400), new string('b', 200)) { Data = new Dictionary<string, string> { ["k"] = new string('x', 3000) } }],
        };

        var message = BlockKitRenderer.RenderMessage(view);

        BlockKitLimitChecker.AssertWithin(message.Blocks, BlockKitLimits.MessageBlocks);
        var header = Assert.IsType<HeaderBlock>(message.Blocks[0]);
        Assert.EndsWith("…", header.Text.Text, StringComparison.Ordinal);
        var paragraph = message.Blocks.OfType<SectionBlock>().First(s => s.Text is not null);
        Assert.EndsWith("&amp;…", paragraph.Text!.Text, StringComparison.Ordinal);
        Assert.Equal(3, message.Blocks.OfType<SectionBlock>().Count(s => s.Fields is not null));
    }

    [Fact]
    public void RenderModal_ScheduleForm_HasSubmitCallbackAndEveryInputType()
    {
        var modal = BlockKitRenderer.RenderModal(SampleCards.Form(CardKinds.ScheduleForm));

        Assert.Equal("modal", modal.Type);
        Assert.Equal(CardActions.SubmitSchedule, modal.CallbackId);
        Assert.Equal("Save", modal.Submit?.Text);
        Assert.Equal("""{"network":"idealab"}""", modal.PrivateMetadata);
        var inputs = modal.Blocks.OfType<InputBlock>().ToList();
        Assert.Equal(["title", "date", "time", "duration", "place", "rhythm", "remind"], inputs.Select(i => i.BlockId));
        Assert.IsType<PlainTextInputElement>(inputs[0].Element);
        Assert.Equal("2026-03-10", Assert.IsType<DatePickerElement>(inputs[1].Element).InitialDate);
        Assert.Equal("14:00", Assert.IsType<TimePickerElement>(inputs[2].Element).InitialTime);
        Assert.False(Assert.IsType<NumberInputElement>(inputs[3].Element).IsDecimalAllowed);
        Assert.True(Assert.IsType<PlainTextInputElement>(inputs[4].Element).Multiline);
        Assert.Equal("none", Assert.IsType<StaticSelectElement>(inputs[5].Element).InitialOption?.Value);
        Assert.NotNull(Assert.IsType<CheckboxesElement>(inputs[6].Element).InitialOptions);
        Assert.DoesNotContain(modal.Blocks, b => b is ActionsBlock);
        BlockKitLimitChecker.AssertWithin(modal);
    }

    [Fact]
    public void RenderMessage_TwoButtonsWithOneVerbInABlock_GetDistinctActionIdsWithTheSameVerb()
    {
        var view = new CardView
        {
            Kind = CardKinds.Notice,
            Title = "t",
            Actions = [new CardAction(CardActions.ShowSession, "First") { Data = new Dictionary<string, string> { ["session"] = "1" } }, new CardAction(CardActions.ShowSession, "Second")],
        };

        var buttons = BlockKitRenderer.RenderMessage(view).Blocks.OfType<ActionsBlock>().Single().Elements;

        Assert.Equal(2, buttons.Select(b => b.ActionId).Distinct().Count());
        Assert.All(buttons, b => Assert.Equal(CardActions.ShowSession, BlockKitRenderer.VerbOf(b.ActionId!)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("click_me_123")]
    [InlineData("{not json")]
    public void DataOf_ForeignValue_IsEmpty(string? value) => Assert.Empty(BlockKitRenderer.DataOf(value));
}
