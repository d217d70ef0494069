using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoPBot.Cards.Rendering;
using CoPBot.Cards.Views;
using CoPBot.Testing;

namespace CoPBot.Cards.Tests.Rendering;

public sealed class AdaptiveCardRendererTests
{
    public static TheoryData<string> Kinds() => [.. SampleCardViews.All.Select(v => v.Kind).Distinct()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Render_EveryKind_ValidatesAgainstTheAdaptiveCard15Schema(string kind)
    {
        foreach (var view in SampleCardViews.All.Where(v => v.Kind == kind))
        {
            var card = AdaptiveCardRenderer.Render(view);

            AssertValid(card);
            Assert.Equal("AdaptiveCard", (string?)card["type"]);
            Assert.Equal("1.5", (string?)card["version"]);
        }
    }

    [Fact]
    public void SampleViews_CoverEveryCardKind()
    {
        var kinds = typeof(CardKinds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!);

        Assert.Empty(kinds.Except(SampleCardViews.All.Select(v => v.Kind)));
    }

    [Theory]
    [InlineData("CalendarReminder.json")]
    [InlineData("InputForm.json")]
    [InlineData("Action.Execute.IsEnabled.json")]
    public void Schema_OfficialSamples_AreValid(string sample)
    {
        AssertValid(JsonNode.Parse(File.ReadAllText(ReferenceFiles.PathOf("adaptivecards/samples/" + sample)))!);
    }

    [Fact]
    public void Schema_UnknownElementType_IsRejected()
    {
        var card = AdaptiveCardRenderer.Render(SampleCardViews.Invitation);
        card["body"]!.AsArray().Add(new JsonObject { ["type"] = "Marquee", ["text"] = "x" });

        Assert.False(Evaluate(card).IsValid);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Render_EveryObject_HasAnExplicitType(string kind)
    {
        foreach (var view in SampleCardViews.All.Where(v => v.Kind == kind))
        {
            foreach (var (path, obj) in Objects(AdaptiveCardRenderer.Render(view), "$"))
            {
                if (path.EndsWith(".data", StringComparison.Ordinal))
                {
                    continue; // action data is the bot's own payload, not a card object
                }

                Assert.True(obj.ContainsKey("type"), $"{kind}: object at {path} has no type");
            }
        }
    }

    [Fact]
    public void Render_Actions_AreActionExecuteWithTheVerbAndData()
    {
        var card = AdaptiveCardRenderer.Render(SampleCardViews.Invitation);

        var actions = card["actions"]!.AsArray();
        Assert.Equal(3, actions.Count);
        Assert.All(actions, a => Assert.Equal("Action.Execute", (string?)a!["type"]));
        Assert.Equal(CardActions.RsvpYes, (string?)actions[0]!["verb"]);
        Assert.Equal("s-42", (string?)actions[0]!["data"]![CardActions.SessionKey]);
        Assert.Equal("positive", (string?)actions[0]!["style"]);
        Assert.Null(actions[1]!["style"]); // "No thanks" is never styled as destructive
        Assert.Equal(CardActions.StopInviting, (string?)actions[2]!["verb"]);
    }

    [Fact]
    public void Render_FormWithFieldError_ShowsTheErrorInTheForm()
    {
        var form = SampleCardViews.All.First(v => v.Kind == CardKinds.ScheduleForm);
        var json = AdaptiveCardRenderer.RenderJson(form);
        var card = JsonNode.Parse(json)!;

        var date = card["body"]!.AsArray().First(e => (string?)e!["id"] == "date")!;
        Assert.Equal("Input.Date", (string?)date["type"]);
        Assert.Equal("The date is in the past.", (string?)date["errorMessage"]);
        Assert.True((bool)date["isRequired"]!);
        Assert.Contains(TextRuns(card), t => t == "The date is in the past.");
        Assert.Contains(TextRuns(card), t => t == "The session could not be saved.");
        var types = card["body"]!.AsArray().Select(e => (string?)e!["type"]).ToList();
        Assert.Contains("Input.Time", types);
        Assert.Contains("Input.Number", types);
        Assert.Contains(card["body"]!.AsArray(), e => (string?)e!["type"] == "Input.Text" && (bool?)e["isMultiline"] == true);
    }

    [Theory]
    [InlineData("[click](http://evil)")]
    [InlineData("<at>Everyone</at>")]
    [InlineData("**bold**")]
    public void Render_HostileUserText_NeverBecomesMarkupOrAMention(string hostile)
    {
        var view = new CardView
        {
            Kind = CardKinds.Invitation,
            Title = hostile,
            Subtitle = hostile,
            Paragraphs = [hostile],
            Facts = [new CardFact(hostile, hostile)],
            Sections = [new CardSection(hostile, [new CardItem(hostile, hostile)])],
            Status = hostile,
            Errors = [hostile],
        };

        var card = AdaptiveCardRenderer.Render(view);

        AssertValid(card);
        Assert.DoesNotContain("msteams", card.ToJsonString(), StringComparison.Ordinal); // no mention entities
        foreach (var (_, obj) in Objects(card, "$"))
        {
            var type = (string?)obj["type"];
            Assert.NotEqual("TextBlock", type); // the one element that would parse markdown
            if (type == "Fact")
            {
                Assert.DoesNotContain(hostile, (string)obj["value"]!, StringComparison.Ordinal);
                Assert.DoesNotContain(hostile, (string)obj["title"]!, StringComparison.Ordinal);
                Assert.Equal(hostile, Unescape((string)obj["value"]!));
            }
        }

        // The text reaches the reader literally, through TextRuns (which do not interpret markdown).
        Assert.Contains(hostile, TextRuns(card));
    }

    [Fact]
    public void Render_LongRoster_IsCutWithAndNMoreAndStaysUnderTheTeamsLimit()
    {
        var view = new CardView
        {
            Kind = CardKinds.Roster,
            Title = "Who is going",
            Sections = [new CardSection("Everyone", [.. Enumerable.Range(1, 500).Select(i => new CardItem($"Person number {i} with a rather long name", "Department of Long Names") { Actions = [new CardAction(CardActions.ShowSession, "Details")] })])],
        };

        var json = AdaptiveCardRenderer.RenderJson(view);

        Assert.True(Encoding.UTF8.GetByteCount(json) <= AdaptiveCardRenderer.MaxCardBytes, $"{Encoding.UTF8.GetByteCount(json)} bytes");
        var card = JsonNode.Parse(json)!;
        AssertValid(card);
        Assert.Contains(TextRuns(card), t => t.StartsWith("and ", StringComparison.Ordinal) && t.EndsWith(" more", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_VeryLongParagraph_IsClipped()
    {
        var view = new CardView { Kind = CardKinds.Notice, Title = "t", Paragraphs = [new string('a', 50_000)] };

        var json = AdaptiveCardRenderer.RenderJson(view);

        Assert.True(Encoding.UTF8.GetByteCount(json) <= AdaptiveCardRenderer.MaxCardBytes);
    }

    [Fact]
    public void Render_Invitation_MatchesGoldenJson()
    {
        var json = AdaptiveCardRenderer.Render(SampleCardViews.Invitation).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        var golden = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Rendering", "invitation.golden.json"));

        Assert.Equal(Normalize(golden), Normalize(json));
    }

    private static string Normalize(string json) => JsonNode.Parse(json)!.ToJsonString();

    private static string Unescape(string escaped)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '\\' && i + 1 < escaped.Length)
            {
                i++;
            }

            builder.Append(escaped[i]);
        }

        return builder.ToString();
    }

    private static List<string> TextRuns(JsonNode card) =>
        [.. Objects(card, "$").Where(o => (string?)o.Obj["type"] == "TextRun").Select(o => (string)o.Obj["text"]!)];

    private static IEnumerable<(string Path, JsonObject Obj)> Objects(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return (path, obj);
                foreach (var (key, child) in obj)
                {
                    if (child is not null)
                    {
                        foreach (var inner in Objects(child, path + "." + key))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } child)
                    {
                        foreach (var inner in Objects(child, $"{path}[{i}]"))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
        }
    }

    private static Json.Schema.EvaluationResults Evaluate(JsonNode card) => AdaptiveCardSchema.Evaluate(card);

    internal static void AssertValid(JsonNode card) => AdaptiveCardSchema.AssertValid(card);
}
