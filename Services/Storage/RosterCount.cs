using CoPBot.Services.Domain;

namespace CoPBot.Services.Storage;

/// <summary>
/// How many active members of a network share one roster key (<see cref="RosterColumns.ShownTo"/> and
/// <see cref="RosterColumns.OrganizationId"/> of their membership row). Kept by database triggers of the RosterCounts
/// migration in the same statement as every insert, update and delete of a membership, including those the roster
/// triggers make when a person or their organization changes, so no write path can forget it. The triggers only count
/// by key: who may see which key is decided in one place, RosterService. EF reads these rows and never writes them.
/// </summary>
internal sealed class RosterCount
{
    /// <summary>The trigger on Memberships that keeps the counts (the model names it, so EF saves around it).</summary>
    public const string MembershipTrigger = "Memberships_RosterCount";

    public Guid NetworkId { get; init; }

    public RosterVisibility ShownTo { get; init; }

    public Guid OrganizationId { get; init; }

    /// <summary>Active members with this key; zero once the last one left or changed key (the row stays).</summary>
    public int Members { get; init; }
}
