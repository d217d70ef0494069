using System.Diagnostics;
using CoPBot.Bot.Conversation;
using CoPBot.Bot.Slack;
using CoPBot.Bot.Teams;

namespace CoPBot.Bot.Tests.Edge;

/// <summary>
/// What one parse of hostile text costs: every parser and text cleaner on every pathological input, at the turn
/// limit and at 100 kB (what a platform can deliver before the limit is applied). Linear code takes a few
/// milliseconds at most; the old backtracking politeness pattern took seconds at 100 kB, so the bound below cannot
/// flake and still catches a quadratic regression.
/// </summary>
public sealed class ParseCostTests
{
    /// <summary>
    /// Up to the turn limit (all the router ever parses) a parse takes well under a millisecond; at 100 kB, tens of
    /// milliseconds on a busy machine. The old code took 0.15 s at 4,000 characters and 90 s at 100 kB.
    /// </summary>
    private static TimeSpan Bound(int length) => TimeSpan.FromMilliseconds(length <= ChatTurn.MaxTextLength ? 100 : 1_000);

    private static readonly DateTimeOffset Now = new(2027, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly IReadOnlyList<(string Name, Action<string> Parse)> Parsers =
    [
        ("CommandGrammar.Parse", text => CommandGrammar.Parse(text, out _)),
        ("CommandGrammar.Fields", text => Fields(text)),
        ("NaturalDateTime.TryParseDateTime", text => NaturalDateTime.TryParseDateTime(text, Now, TimeZoneInfo.Utc, out _, out _)),
        ("NaturalDateTime.TryParseDate", text => NaturalDateTime.TryParseDate(text, Now, TimeZoneInfo.Utc, out _, out _)),
        ("NaturalDateTime.TryParseTime", text => NaturalDateTime.TryParseTime(text, out _)),
        ("NaturalDateTime.TryParseDuration", text => NaturalDateTime.TryParseDuration(text, out _)),
        ("TeamsTurns.CleanText", text => TeamsTurns.CleanText(new TeamsActivity { Text = text })),
        ("SlackTurns.StripMentions", text => SlackTurns.StripMentions(text)),
    ];

    [Fact]
    public void EveryParser_OnEveryPathologicalInput_StaysWithinAFewMilliseconds()
    {
        var output = TestContext.Current.TestOutputHelper;
        var failures = new List<string>();
        var measured = 0;
        foreach (var length in new[] { 160, ChatTurn.MaxTextLength, 100_000 })
        {
            var worst = Parsers.ToDictionary(p => p.Name, _ => (Time: TimeSpan.Zero, Input: ""));
            foreach (var (input, text) in EdgeInputs.Pathological(length))
            {
                foreach (var (parser, parse) in Parsers)
                {
                    var time = Measure(parse, text);
                    measured++;
                    if (time > worst[parser].Time)
                    {
                        worst[parser] = (time, input);
                    }

                    if (time > Bound(length))
                    {
                        failures.Add($"{parser} on {length} chars of {input}: {time.TotalMilliseconds:F1} ms");
                    }
                }
            }

            foreach (var (parser, (time, input)) in worst.OrderByDescending(w => w.Value.Time))
            {
                output?.WriteLine($"{length,7:N0} characters: {parser,-34} worst {time.TotalMilliseconds,8:F2} ms ({input})");
            }
        }

        output?.WriteLine($"{measured} parses measured.");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>The fastest of three runs: a preempted run is slow by accident, a quadratic parse is slow every time.</summary>
    private static TimeSpan Measure(Action<string> parse, string text)
    {
        var best = TimeSpan.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var watch = Stopwatch.StartNew();
            parse(text);
            watch.Stop();
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }

        return best;
    }

    private static void Fields(string text)
    {
        try
        {
            CommandGrammar.Fields(text);
        }
        catch (FormatException)
        {
            // An unknown field is a clear answer, not a cost problem.
        }
    }
}
