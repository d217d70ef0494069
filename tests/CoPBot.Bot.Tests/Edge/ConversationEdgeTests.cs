using CoPBot.Bot.Conversation;
using CoPBot.Bot.Tests.Conversation;
using CoPBot.Cards;
using CoPBot.Cards.Builders;
using CoPBot.Cards.Views;
using CoPBot.Services.Domain;
using CoPBot.Testing;

namespace CoPBot.Bot.Tests.Edge;

/// <summary>Edge input through the real router and services: the length bound, quoting, and dates in the past.</summary>
public sealed class ConversationEdgeTests
{
    private static readonly ChatUser Maria = ChatTester.User("Maria Lopez");
    private static readonly ChatUser Sam = ChatTester.User("Sam Rivera");

    private static readonly string Long = new('z', 3_000);

    [Fact]
    public async Task Schedule_WhenYesterday_SaysItIsInThePast()
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);
        await chat.SayAsync(Maria, "new network IdeaLab; handle: idealab");

        foreach (var when in new[] { "yesterday 9:00", "last Monday 9:30", "2 weeks ago 10:00" })
        {
            var reply = await chat.SayAsync(Maria, $"schedule idealab: Prototyping; when: {when}; where: Room 4B");

            Assert.Contains("in the past", reply.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("could not read", reply.Text, StringComparison.Ordinal);
        }

        Assert.Equal(0, await chat.World.DbAsync(db => Task.FromResult(db.Sessions.Count())));
    }

    [Fact]
    public async Task TextOverTheLimit_GetsTheShortAnswer_UnparsedAndNotEchoed()
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);
        var text = "new network " + new string('n', ChatTurn.MaxTextLength);

        var reply = await chat.SayAsync(Maria, text);

        Assert.Equal(ChatTurn.TooLongReply, reply.Text);
        Assert.Contains("4,000 characters", reply.Text, StringComparison.Ordinal);
        Assert.Empty(reply.Cards);
        Assert.Equal(0, await chat.World.DbAsync(db => Task.FromResult(db.Networks.Count())));
    }

    [Fact]
    public async Task TextAtTheLimit_IsRead()
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);
        var text = "help" + new string(' ', ChatTurn.MaxTextLength - 4);

        var reply = await chat.SayAsync(Sam, text);

        Assert.NotEqual(ChatTurn.TooLongReply, reply.Text);
        Assert.NotEmpty(reply.Cards);
    }

    [Fact]
    public async Task CardInputOverTheLimit_GetsTheShortAnswer()
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);
        await chat.SayAsync(Maria, "new network IdeaLab; handle: idealab");
        var submit = new CardAction(CardActions.SubmitSchedule, "Schedule")
        {
            Data = new Dictionary<string, string>
            {
                [CardActions.NetworkKey] = "idealab",
                [OrganizerCards.TitleInput] = new string('t', ChatTurn.MaxTextLength + 1),
                [OrganizerCards.DateInput] = "2027-03-10",
                [OrganizerCards.TimeInput] = "09:30",
            },
        };

        var reply = await chat.PressAsync(Maria, submit);

        Assert.Equal(ChatTurn.TooLongReply, reply.Text);
        Assert.Equal(0, await chat.World.DbAsync(db => Task.FromResult(db.Sessions.Count())));
    }

    /// <summary>Every answer that quotes what was typed quotes a short excerpt, however long the input under the limit.</summary>
    [Theory]
    [InlineData("frobnicate {0}")]
    [InlineData("{0}")]
    [InlineData("join {0}")]
    [InlineData("network {0}")]
    [InlineData("who {0}")]
    [InlineData("session {0}")]
    [InlineData("stats {0}")]
    [InlineData("invite {0} to idealab")]
    [InlineData("settings timezone {0}")]
    [InlineData("pause idealab until {0}")]
    [InlineData("open idealab to {0}")]
    [InlineData("new network IdeaLab; handle: {0}")]
    [InlineData("new network {0}; handle: idealab")]
    [InlineData("schedule idealab: Prototyping; when: {0}")]
    [InlineData("schedule idealab: Prototyping; when: tomorrow {0}")]
    [InlineData("schedule idealab: Prototyping; when: tomorrow 9:00; {0}: x")]
    [InlineData("schedule idealab: Prototyping; when: tomorrow 9:00; for: {0}")]
    [InlineData("schedule idealab: Prototyping; when: tomorrow 9:00; capacity: {0}")]
    public async Task AnswersQuotingTheInput_QuoteAShortExcerpt(string template)
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);
        await chat.SayAsync(Maria, "new network IdeaLab; handle: idealab");

        var reply = await chat.SayAsync(Maria, string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Long));

        var shown = string.Join('\n', new[] { reply.Text ?? "" }.Concat(reply.Cards.Append(reply.UpdatedCard).OfType<CardView>().SelectMany(Texts)));
        Assert.DoesNotContain(new string('z', UserText.MaxQuotedLength + 1), shown, StringComparison.Ordinal);
    }

    [Fact]
    public void Clip_KeepsShortTextAndCutsLongTextWithoutSplittingASurrogatePair()
    {
        Assert.Equal("idealab", UserText.Clip("  idealab "));
        var clipped = UserText.Clip(new string('a', UserText.MaxQuotedLength - 2) + "\U0001F600\U0001F600");
        Assert.Equal(UserText.MaxQuotedLength - 1, clipped.Length);
        Assert.EndsWith("…", clipped, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(clipped[^2]));
    }

    [Fact]
    public void Paragraphs_KeepLineBreaksButDropDirectionControlsAndControlCharacters()
    {
        Assert.Equal("Bring a laptop\nand ideas\n\nRoom 4B", UserText.Paragraphs("  Bring a laptop \r\nand\u202E ideas\r\r\u2067Room\t4B\u0007 "));
        Assert.Equal("Bring a laptop and ideas", UserText.Line("Bring a laptop\r\nand ideas"));
        Assert.Equal("", UserText.Line("\u200B \u2066\u2069\uFEFF"));
    }

    private static IEnumerable<string> Texts(CardView card) =>
        new[] { card.Title, card.Subtitle, card.Status }
            .Concat(card.Paragraphs)
            .Concat(card.Facts.Select(f => f.Value))
            .Concat(card.Errors)
            .Concat(card.Inputs.Select(i => i.Error))
            .OfType<string>();
}
