using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CoPBot.Bot.Tests.EndToEnd;

namespace CoPBot.Bot.Tests.Edge;

/// <summary>
/// The verdict on each edge case sent to a live host: a 4xx or a 2xx, never a 5xx, never an exception or a stack
/// trace in the body, no error logged (a background turn fails quietly otherwise), and the user's text never echoed
/// at length. Collects every failure so one run shows them all, and counts the cases.
/// </summary>
internal sealed partial class EdgeRun(LiveBotHost host)
{
    /// <summary>Longer than any quoted excerpt a reply may carry; a run of input this long in a reply is an echo.</summary>
    private const int EchoProbe = 200;

    /// <summary>A hang: a request through the whole stack answers in milliseconds; 100 kB of "," took 90 s of CPU before.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static int total;

    private readonly List<string> failures = [];

    public static int Total => total;

    public int Cases { get; private set; }

    /// <summary>Sends one case and records what was wrong with the answer, if anything.</summary>
    public async Task CheckAsync(string name, Func<Task<HttpResponseMessage>> send, string? userText = null)
    {
        Cases++;
        Interlocked.Increment(ref total);
        var teamsMark = host.Teams.Connector.Requests.Count;
        var slackMark = host.Slack.Requests.Count;
        string body;
        HttpStatusCode status;
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await send();
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            await host.SlackIdleAsync();
        }
#pragma warning disable CA1031 // Any exception is this case's failure, reported with the others.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            failures.Add($"{name}: threw {exception.GetType().Name}: {exception.Message}");
            return;
        }

        if (watch.Elapsed > Patience)
        {
            failures.Add($"{name}: took {watch.Elapsed.TotalSeconds:F1} s");
        }

        if ((int)status >= 500)
        {
            failures.Add($"{name}: HTTP {(int)status}");
        }

        if (StackTrace().IsMatch(body))
        {
            failures.Add($"{name}: the body shows an exception: {Clip(body)}");
        }

        foreach (var error in host.Logs.DrainErrors())
        {
            failures.Add($"{name}: logged an error: {Clip(error)}");
        }

        if (userText is not null && WebUtility.HtmlDecode(userText).Length > EchoProbe)
        {
            // Compared as read: both platforms' escapes (&amp;, &lt;) undone on either side.
            var probe = WebUtility.HtmlDecode(userText)[..EchoProbe];
            var outbound = host.ConnectorSince(teamsMark).Select(r => Strings(r.Body))
                .Concat(host.SlackSince(slackMark).Select(r => Readable(r.Body)))
                .Append(Readable(body))
                .Select(text => WebUtility.HtmlDecode(text) ?? "");
            if (outbound.Any(text => text.Contains(probe, StringComparison.Ordinal)))
            {
                failures.Add($"{name}: a reply echoes the input at length");
            }
        }
    }

    /// <summary>Fails the test with every recorded failure (the first 40).</summary>
    public void AssertClean()
    {
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"{Cases} edge cases in this test, {total} so far in the run.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {Cases} edge cases failed:\n" + string.Join('\n', failures.Take(40)));
    }

    /// <summary>A JSON body's string values, unescaped (the text as a person would read it); other bodies as they are.</summary>
    private static string Readable(string body)
    {
        try
        {
            return Strings(JsonNode.Parse(body));
        }
        catch (JsonException)
        {
            return body;
        }
    }

    private static string Strings(JsonNode? node) => node switch
    {
        JsonObject obj => string.Join('\n', obj.Select(p => Strings(p.Value))),
        JsonArray array => string.Join('\n', array.Select(Strings)),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => "",
    };

    private static string Clip(string text) => text.Length <= 300 ? text : text[..300] + "...";

    [GeneratedRegex(@"Exception|\bat [\w.]+\(|\.cs:line \d", RegexOptions.NonBacktracking)]
    private static partial Regex StackTrace();
}
