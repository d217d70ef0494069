namespace CoPBot.Services.Domain;

/// <summary>A government or agency whose employees use CoPBot. Organizations are isolated from one another.</summary>
public sealed class Organization
{
    public Guid Id { get; init; } = Guid.NewGuid();

    public required string Name { get; set; }

    /// <summary>Short lowercase name used in configuration to map a Teams tenant or Slack workspace to it.</summary>
    public required string Slug { get; init; }
}
