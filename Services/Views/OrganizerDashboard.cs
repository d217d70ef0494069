namespace CoPBot.Services.Views;

/// <summary>What an organizer's page shows: the networks they organize, counts only, never a name of an attendee.</summary>
public sealed record OrganizerDashboard(string OrganizerName, IReadOnlyList<NetworkDashboard> Networks);

/// <summary>One network's sessions in time order, and who said yes to them (each person once), by group (folded by <see cref="GroupCounts"/>).</summary>
public sealed record NetworkDashboard(
    Guid Id,
    string Name,
    string Handle,
    IReadOnlyList<SessionCounts> Sessions,
    IReadOnlyList<GroupCount> ByDepartment,
    IReadOnlyList<GroupCount> ByOrganization);

/// <summary>One session's counts: said yes (now), came (checked in), and of those who came, walk-ins who had not said yes.</summary>
public sealed record SessionCounts(
    Guid SessionId,
    string Reference,
    string Title,
    DateTime StartsAt,
    string TimeZoneId,
    bool IsUpcoming,
    bool IsCancelled,
    int SaidYes,
    int Came,
    int WalkIns)
{
    /// <summary>Of the people who came, those who had said yes.</summary>
    public int CameAfterYes => Came - WalkIns;
}

/// <summary>What the room's display shows for one session; <paramref name="OrganizationSlugs"/> are its network's, for its check-in links.</summary>
public sealed record RoomSession(
    Guid SessionId,
    string Reference,
    string Title,
    string NetworkName,
    DateTime StartsAt,
    DateTime EndsAt,
    string TimeZoneId,
    string? Room,
    bool IsCancelled,
    IReadOnlyList<string> OrganizationSlugs);
