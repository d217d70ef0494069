namespace CoPBot.Services.Domain;

/// <summary>A government or agency whose employees use CoPBot. Organizations are isolated from one another.</summary>
public sealed class Organization
{
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>
    /// The name shown in cards: from configuration, or from the platform (Slack team.info), else <see cref="Unnamed"/>.
    /// Never a raw tenant or workspace id.
    /// </summary>
    public required string Name { get; set; }

    /// <summary>Short lowercase name used in configuration to map a Teams tenant or Slack workspace to it.</summary>
    public required string Slug { get; init; }

    /// <summary>The name of an organization nobody has named yet (not configured, not told by its platform).</summary>
    public const string Unnamed = "your organization";

    /// <summary>
    /// The zone configured for the organization (its entry's, else the configured default), kept in step with
    /// configuration: the zone of its people who have none of their own and whose client tells none.
    /// </summary>
    public string? TimeZoneId { get; set; }

    /// <summary>
    /// True until configuration or the platform gave the organization a name of its own. Earlier versions stored
    /// "Organization &lt;tenant id&gt;" as a stand-in; such a name is a placeholder too, and gets the real one.
    /// </summary>
    public bool NeedsName => Name == Unnamed || IsPlaceholder(Name);

    private const string PlaceholderPrefix = "Organization ";

    private static bool IsPlaceholder(string name) =>
        name.StartsWith(PlaceholderPrefix, StringComparison.Ordinal)
        && name[PlaceholderPrefix.Length..] is { Length: > 0 } id
        && id.Any(char.IsAsciiDigit)
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or ':' or '_' or '.' or '…');
}
