namespace CoPBot.Services.Views;

/// <summary>A person's own request for a coffee introduction after a session: what they asked, and when pairing runs.</summary>
public sealed record IntroductionStatus(Guid SessionId, string SessionTitle, string? Line, DateTime PairsAt, bool HasDepartment);

/// <summary>Which of the introduction messages a person gets.</summary>
public enum IntroductionMessage
{
    /// <summary>The one optional message after a session, to people who checked in: "would you like an introduction?".</summary>
    Offer,

    /// <summary>The introduction itself: the other person's name, department, organization and line.</summary>
    Introduction,

    /// <summary>Nobody from another department or organization was left to pair with.</summary>
    NoMatch,
}

/// <summary>
/// What one introduction message shows its reader, read at send time. For <see cref="IntroductionMessage.Introduction"/>
/// only what the other person chose to share (rule 14); nothing about anyone who did not ask.
/// </summary>
public sealed record IntroductionView
{
    public required IntroductionMessage Message { get; init; }

    public required Guid SessionId { get; init; }

    public required string SessionTitle { get; init; }

    public string? PartnerName { get; init; }

    public string? PartnerDepartment { get; init; }

    public string? PartnerOrganization { get; init; }

    public string? PartnerLine { get; init; }
}
