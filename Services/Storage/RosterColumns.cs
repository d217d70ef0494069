namespace CoPBot.Services.Storage;

/// <summary>
/// What a network's roster shows of each member, kept on the membership row by the database itself: triggers of the
/// Scale migration copy it from the person, their organization and the membership whenever one of those changes, so
/// no write path can forget it. With it, "who else is in this network?" reads one index of Memberships, in the
/// order the roster shows, never joining 100,000 people (RosterService). EF never writes these columns. The triggers
/// only copy and combine columns; who may see whom is decided in RosterService alone, and the roster's counts are kept
/// per <see cref="ShownTo"/> and <see cref="OrganizationId"/> in <see cref="RosterCount"/>.
/// </summary>
internal static class RosterColumns
{
    /// <summary>
    /// Who may see the member's name: the membership's own choice, else the person's default. The triggers are the
    /// one place that combines the two; queries read this column (RosterService), and RosterServiceTests compare it,
    /// through the counts, with a plain reading of the two settings.
    /// </summary>
    public const string ShownTo = "RosterShownTo";

    /// <summary>The person's organization.</summary>
    public const string OrganizationId = "RosterOrganizationId";

    /// <summary>The person's organization's name.</summary>
    public const string Organization = "RosterOrganization";

    /// <summary>The person's department, or <see cref="OtherDepartments"/> when they gave none.</summary>
    public const string Department = "RosterDepartment";

    /// <summary>The person's display name.</summary>
    public const string Name = "RosterName";

    /// <summary>Where people who gave no department are listed (also written by the triggers).</summary>
    public const string OtherDepartments = "Other departments";

    /// <summary>The triggers that keep the columns (the model names them, so EF saves around them).</summary>
    public const string MembershipTrigger = "Memberships_Roster";

    public const string PersonTrigger = "People_Roster";

    public const string OrganizationTrigger = "Organizations_Roster";
}
