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

    /// <summary>True until configuration or the platform gave the organization a name of its own.</summary>
    public bool NeedsName => Name == Unnamed;
}
