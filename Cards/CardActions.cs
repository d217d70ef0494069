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

    /// <summary>Data keys of <see cref="SetSetting"/>: which setting, and the value to give it.</summary>
    public const string SettingKey = "setting";

    public const string ValueKey = "value";

    /// <summary>Data key of <see cref="PauseNetwork"/>: the date (yyyy-MM-dd) invitations resume.</summary>
    public const string UntilKey = "until";

    public const string RsvpYes = "rsvp.yes";
    public const string RsvpNo = "rsvp.no";
    public const string StopInviting = "network.stop-inviting";
    public const string JoinNetwork = "network.join";
    public const string LeaveNetwork = "network.leave";

    /// <summary>No invitations from a network until the date in <see cref="UntilKey"/> (the answers to "until when?").</summary>
    public const string PauseNetwork = "network.pause";

    /// <summary>Invitations again from a network that was paused or set to announcements only (the undo of both).</summary>
    public const string ResumeNetwork = "network.resume";
    public const string ShowSession = "session.show";
    public const string WhoIsGoing = "session.who";
    public const string WhoIsInNetwork = "network.who";
    public const string AcceptOffer = "offer.accept";
    public const string DeclineOffer = "offer.decline";
    public const string AcceptColleagueInvitation = "colleague.accept";
    public const string DeclineColleagueInvitation = "colleague.decline";
    public const string SaveSettings = "settings.save";

    /// <summary>One setting to one value, as "settings &lt;setting&gt; &lt;value&gt;" would (the undo of a settings change).</summary>
    public const string SetSetting = "settings.set";
    public const string OpenScheduleForm = "session.schedule-form";
    public const string SubmitSchedule = "session.schedule";
    public const string OpenRescheduleForm = "session.reschedule-form";
    public const string SubmitReschedule = "session.reschedule";
    public const string CancelSession = "session.cancel";

    /// <summary>Data key set on the second, confirming press of <see cref="CancelSession"/>.</summary>
    public const string ConfirmKey = "confirm";

    public const string ShowStats = "session.stats";
    public const string SendInvitations = "session.invite";
    public const string Announce = "session.announce";
    public const string MySessions = "me.sessions";

    /// <summary>The coming sessions of every network the reader can see ("what's on").</summary>
    public const string ShowSessions = "sessions.show";
    public const string Help = "help";

    /// <summary>The full help, after the short one.</summary>
    public const string HelpMore = "help.more";

    /// <summary>"Show it now": the invitations held by the reader's quiet hours (or weekly limit), here and now.</summary>
    public const string ShowHeld = "invitation.show-held";

    /// <summary>
    /// The refresh of a shared card into its reader's own view (the reader is who asks, never anyone named in the
    /// data). <see cref="ViewKey"/> says which card: one of <see cref="SharedViews"/>.
    /// </summary>
    public const string RefreshView = "card.refresh";

    /// <summary>Data key of <see cref="RefreshView"/>: which shared card is refreshed.</summary>
    public const string ViewKey = "view";

    /// <summary>The shared cards that refresh into their reader's view, as <see cref="ViewKey"/> values.</summary>
    public static class SharedViews
    {
        public const string Session = "session";
        public const string Announcement = "announcement";
        public const string Network = "network";
        public const string Networks = "networks";
    }

    /// <summary>"Introduce me" after a session the reader checked in to (rule 14); data: the session.</summary>
    public const string IntroduceMe = "intro.yes";

    /// <summary>"Not this time" for an introduction: withdraws it at no cost (data: the session, or none for every one).</summary>
    public const string NoIntroduction = "intro.no";

    public static IReadOnlyList<string> All { get; } =
    [
        RsvpYes, RsvpNo, StopInviting, JoinNetwork, LeaveNetwork, PauseNetwork, ResumeNetwork, ShowSession, WhoIsGoing, WhoIsInNetwork,
        AcceptOffer, DeclineOffer, AcceptColleagueInvitation, DeclineColleagueInvitation, SaveSettings, SetSetting,
        OpenScheduleForm, SubmitSchedule, OpenRescheduleForm, SubmitReschedule, CancelSession, SendInvitations,
        Announce, MySessions, ShowSessions, Help, HelpMore, ShowStats, ShowHeld, RefreshView, IntroduceMe, NoIntroduction,
    ];
}
