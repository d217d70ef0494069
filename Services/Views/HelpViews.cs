namespace CoPBot.Services.Views;

/// <summary>
/// "Who knows about…?": only people who wrote a matching topic themselves and are visible to this reader under the
/// roster's rules (rule 15), best matches first, the rest counted.
/// </summary>
public sealed record WhoKnowsView
{
    public required string Topic { get; init; }

    /// <summary>The network asked about, or null for all of the reader's networks.</summary>
    public string? NetworkName { get; init; }

    public required IReadOnlyList<HelperEntry> People { get; init; }

    /// <summary>Further visible people whose topics match, not listed to keep the answer short.</summary>
    public int More { get; init; }
}

/// <summary>One person who can help: their name, where they work, and the topic they wrote that matched.</summary>
public sealed record HelperEntry(string Name, string? Department, string Organization, string Topic);
