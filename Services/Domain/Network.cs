using System.Text.RegularExpressions;

namespace CoPBot.Services.Domain;

/// <summary>A learning network: people who choose to meet in person, regularly, around a practice.</summary>
public sealed partial class Network
{
    public Guid Id { get; init; } = Guid.NewGuid();

    public required string Name { get; set; }

    /// <summary>Short lowercase handle people type: "idealab".</summary>
    public required string Handle { get; init; }

    public string Purpose { get; set; } = "";

    /// <summary>The network's own rhythm, in words: "every other month" (rule 10).</summary>
    public string? Cadence { get; set; }

    /// <summary>An optional series, e.g. "training, then booster sessions" (rule 9).</summary>
    public string? Series { get; set; }

    /// <summary>How many invitations per member this network may send in 30 days (rule 10).</summary>
    public int MonthlyInvitationBudget { get; set; } = 4;

    public List<NetworkOrganization> Organizations { get; init; } = [];

    public List<NetworkOrganizer> Organizers { get; init; } = [];

    public DateTime CreatedAt { get; init; }

    public bool IsOrganizer(Guid personId) => Organizers.Exists(o => o.PersonId == personId);

    public bool IsHostedBy(Guid organizationId) =>
        Organizations.Exists(o => o.OrganizationId == organizationId && o.Role == NetworkOrganizationRole.Host);

    /// <summary>Visible to people of host organizations and of partners the organizers opened it to.</summary>
    public bool IsVisibleTo(Guid organizationId) => Organizations.Exists(o => o.OrganizationId == organizationId);

    public static string NormalizeHandle(string text) =>
        HandleCleaner().Replace(text.Trim().ToLowerInvariant(), "-").Trim('-');

    public static void ValidateHandle(string handle)
    {
        if (!HandleShape().IsMatch(handle))
        {
            throw new DomainException(
                $"\"{UserText.Clip(handle)}\" can't be a network handle: use 2 to 30 lowercase letters, digits or dashes, e.g. idealab.");
        }
    }

    [GeneratedRegex("[^a-z0-9]+", RegexOptions.NonBacktracking)]
    private static partial Regex HandleCleaner();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,29}$", RegexOptions.NonBacktracking)]
    private static partial Regex HandleShape();
}

public enum NetworkOrganizationRole
{
    Host,
    Partner,
}

public sealed class NetworkOrganization
{
    public Guid NetworkId { get; init; }

    public Guid OrganizationId { get; init; }

    public NetworkOrganizationRole Role { get; set; }
}

public sealed class NetworkOrganizer
{
    public Guid NetworkId { get; init; }

    public Guid PersonId { get; init; }
}
