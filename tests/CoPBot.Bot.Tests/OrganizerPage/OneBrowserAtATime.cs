namespace CoPBot.Bot.Tests.OrganizerPage;

/// <summary>
/// The browser tests run alone, after the parallel ones: a cold Chromium and a cold host on two busy cores could
/// otherwise take longer than a page's timeout, and a timing failure is not a finding.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OneBrowserAtATime
{
    public const string Name = "Browser";
}
