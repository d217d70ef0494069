namespace CoPBot.Cards;

/// <summary>
/// Every verb a card button can carry, in one place: the card builders put them on buttons, the Bot's router
/// handles them, and a test checks that each has a handler. Data keys are listed beside them.
/// </summary>
public static class CardActions
{
    /// <summary>Data key holding a session id.</summary>
    public const string SessionKey = "session";

    /// <summary>Data key holding a network handle.</summary>
    public const string NetworkKey = "network";

    public const string RsvpYes = "rsvp.yes";
    public const string RsvpNo = "rsvp.no";
    public const string StopInviting = "network.stop-inviting";
    public const string JoinNetwork = "network.join";
    public const string LeaveNetwork = "network.leave";
    public const string ShowSession = "session.show";
    public const string WhoIsGoing = "session.who";
    public const string WhoIsInNetwork = "network.who";
    public const string AcceptOffer = "offer.accept";
    public const string DeclineOffer = "offer.decline";
    public const string AcceptColleagueInvitation = "colleague.accept";
    public const string DeclineColleagueInvitation = "colleague.decline";
    public const string SaveSettings = "settings.save";
    public const string OpenScheduleForm = "session.schedule-form";
    public const string SubmitSchedule = "session.schedule";
    public const string OpenRescheduleForm = "session.reschedule-form";
    public const string SubmitReschedule = "session.reschedule";
    public const string CancelSession = "session.cancel";
    public const string SendInvitations = "session.invite";
    public const string Announce = "session.announce";
    public const string MySessions = "me.sessions";
    public const string Help = "help";

    /// <summary>"Show it now": the invitations held by the reader's quiet hours (or weekly limit), here and now.</summary>
    public const string ShowHeld = "invitation.show-held";

    public static IReadOnlyList<string> All { get; } =
    [
        RsvpYes, RsvpNo, StopInviting, JoinNetwork, LeaveNetwork, ShowSession, WhoIsGoing, WhoIsInNetwork,
        AcceptOffer, DeclineOffer, AcceptColleagueInvitation, DeclineColleagueInvitation, SaveSettings,
        OpenScheduleForm, SubmitSchedule, OpenRescheduleForm, SubmitReschedule, CancelSession, SendInvitations,
        Announce, MySessions, Help, ShowHeld,
    ];
}
