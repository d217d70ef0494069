using System.Diagnostics;
using CoPBot.Bot.Conversation;

namespace CoPBot.Bot.Tests.Conversation;

/// <summary>
/// The corpus of everyday phrasings (UnderstandingCorpus.txt), each with the command it should become, run through
/// the understanding and the grammar exactly as the router does.
/// </summary>
public sealed class UnderstandingTests(ITestOutputHelper output)
{
    /// <summary>Below this share of the corpus understood, the test fails; the rate itself is printed.</summary>
    private const double RequiredRate = 0.95;

    public sealed record Phrase(int Line, string Text, string Command, string Arguments);

    public static IReadOnlyList<Phrase> Corpus { get; } = LoadCorpus();

    [Fact]
    public void Corpus_HasAtLeast300Phrasings()
    {
        Assert.True(Corpus.Count >= 300, $"The corpus has {Corpus.Count} phrasings.");
    }

    [Fact]
    public void Corpus_IsUnderstood_AtLeast95Percent()
    {
        var misses = new List<string>();
        foreach (var phrase in Corpus)
        {
            var actual = Interpret(phrase.Text);
            var expected = Describe(phrase.Command, phrase.Arguments);
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                misses.Add($"line {phrase.Line}: \"{phrase.Text}\" => {actual}, expected {expected}");
            }
        }

        var rate = (double)(Corpus.Count - misses.Count) / Corpus.Count;
        output.WriteLine($"Understanding rate: {Corpus.Count - misses.Count}/{Corpus.Count} = {rate:P1}");
        foreach (var miss in misses)
        {
            output.WriteLine("  not understood: " + miss);
        }

        Assert.True(rate >= RequiredRate, $"Understanding rate {rate:P1} is under {RequiredRate:P0}:\n{string.Join('\n', misses)}");
    }

    /// <summary>Understanding one turn takes well under a millisecond; the bound asserted is generous, so it never flakes.</summary>
    [Fact]
    public void Corpus_WorstTurn_IsUnderFiveMilliseconds()
    {
        foreach (var phrase in Corpus)
        {
            Interpret(phrase.Text); // warm up: JIT and static tables
        }

        // Each phrasing's time is its best of five runs: the cost of understanding it, not a pause of a shared machine
        // (garbage collection, another test class running beside this one).
        var worst = TimeSpan.Zero;
        var worstText = "";
        var total = Stopwatch.StartNew();
        foreach (var phrase in Corpus)
        {
            var best = TimeSpan.MaxValue;
            for (var run = 0; run < 5; run++)
            {
                var start = Stopwatch.GetTimestamp();
                Interpret(phrase.Text);
                var elapsed = Stopwatch.GetElapsedTime(start);
                best = elapsed < best ? elapsed : best;
            }

            if (best > worst)
            {
                (worst, worstText) = (best, phrase.Text);
            }
        }

        output.WriteLine($"Worst turn: {worst.TotalMilliseconds:F3} ms (\"{worstText}\"); mean {total.Elapsed.TotalMilliseconds / (Corpus.Count * 5):F4} ms over {Corpus.Count} phrasings");
        Assert.True(worst < TimeSpan.FromMilliseconds(5), $"Understanding \"{worstText}\" took {worst.TotalMilliseconds:F3} ms.");
    }

    /// <summary>A line at the length limit, and far over it, is read in bounded time and never throws.</summary>
    [Fact]
    public void LongAndOddInput_IsBounded()
    {
        string[] lines = [new string('a', ChatTurn.MaxTextLength), new string(',', ChatTurn.MaxTextLength), "please " + new string(' ', 3000) + "thanks",
            string.Concat(Enumerable.Repeat("hey ", 900)), string.Concat(Enumerable.Repeat("👍", 1000)), new string('x', 200_000), "\ud83d", "’’’", ""];
        foreach (var line in lines)
        {
            var start = Stopwatch.GetTimestamp();
            _ = Understanding.Understand(line);
            Assert.True(Stopwatch.GetElapsedTime(start) < TimeSpan.FromMilliseconds(200), $"A line of {line.Length} characters took too long.");
        }
    }

    [Theory]
    [InlineData("Count me in!!! 👍", "Count me in yes")]
    [InlineData("I’ll be there", "I'll be there")]
    [InlineData("yesssss", "yes")]
    [InlineData("  hey   there  ", "hey there")]
    public void Simplify_FoldsQuotesEmojiRepeatsAndSpaces(string typed, string expected) =>
        Assert.Equal(expected, Understanding.Simplify(typed));

    [Theory]
    [InlineData("I'm in idealab")]
    [InlineData("im in the facilitation network")]
    public void ImIn_SomethingThatIsNoZone_IsNotReadAsATimeZone(string typed) =>
        Assert.NotEqual("settings", Understanding.Understand(typed)?.Command?.Spec.Name);

    [Fact]
    public void WhatCanYouDo_IsTwoLinesAndPointsToHelp()
    {
        var reply = Understanding.Understand("what can you do?")?.Reply;
        Assert.NotNull(reply);
        Assert.Equal(2, reply.Split('\n').Length);
        Assert.Contains("Type \"help\" for more", reply, StringComparison.Ordinal);
    }

    /// <summary>What the router would do with the line: "say" for a short answer, else "command arguments", else "not understood".</summary>
    private static string Interpret(string text)
    {
        var understood = Understanding.Understand(text);
        if (understood?.Reply is not null)
        {
            return "say";
        }

        var parsed = understood?.Command ?? CommandGrammar.Parse(text, out _);
        return parsed is null ? "not understood" : Describe(parsed.Spec.Name, parsed.Arguments);
    }

    private static string Describe(string command, string arguments) => $"{command} | {arguments}".Trim().TrimEnd('|').Trim();

    private static List<Phrase> LoadCorpus()
    {
        using var stream = typeof(UnderstandingTests).Assembly.GetManifestResourceStream("UnderstandingCorpus.txt")
            ?? throw new InvalidOperationException("The corpus is not embedded.");
        using var reader = new StreamReader(stream);
        var phrases = new List<Phrase>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var arrow = line.LastIndexOf(" => ", StringComparison.Ordinal);
            var expected = line[(arrow + 4)..];
            var bar = expected.IndexOf('|', StringComparison.Ordinal);
            phrases.Add(bar < 0
                ? new Phrase(number, line[..arrow], expected.Trim(), "")
                : new Phrase(number, line[..arrow], expected[..bar].Trim(), expected[(bar + 1)..].Trim()));
        }

        return phrases;
    }
}
