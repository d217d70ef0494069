using CoPBot.Cards;

namespace CoPBot.Bot.Conversation;

/// <summary>
/// What the bot can do, in one list: every command with its words, usage, description and handler, and every card
/// verb with its handler. The grammar, the short and full help, the Teams command lists and the Slack usage hint are
/// all derived from it, so a command cannot be advertised without a handler, nor handled without being listed.
/// </summary>
internal sealed partial class ConversationRouter
{
    // Where a command is offered besides the full help: the short help, and the Teams command lists.
    private const Shown HelpOnly = Shown.InHelp;
    private const Shown Short = Shown.ShortHelp;
    private const Shown Personal = Shown.TeamsPersonal;
    private const Shown Team = Shown.TeamsTeam;
    private const Shown Group = Shown.TeamsGroupChat;

    /// <summary>Every command, in the order help lists them.</summary>
    internal static IReadOnlyList<CommandRoute> CommandRoutes { get; } =
    [
        // For everyone
        Member("help", ["help", "?", "commands"], "help", "What I understand", Personal | Team | Group, (r, c) => c.Args.Length == 0 ? Task.FromResult(ShortHelp()) : r.FullHelpAsync(c.Actor, c.Token)),
        Member("networks", ["networks", "list networks"], "networks", "The learning networks you can join", Short | Personal | Group, (r, c) => r.NetworksAsync(c.Actor, c.Turn, c.Token)),
        Member("network", ["network", "about"], "network <network>", "What a network is about, its rhythm and next session", HelpOnly, (r, c) => r.NetworkAsync(c.Actor, c.Turn, Require(c.Args, c.Spec), c.Token)),
        Member("join", ["join", "subscribe"], "join <network> [announcements only]", "Join a network (invitations, or announcements only)", Short | Personal | Group, (r, c) => r.JoinAsync(c.Actor, c.Args, c.Spec, c.Token)),
        Member("leave", ["leave", "unsubscribe"], "leave <network>", "Leave a network, quietly", Personal, (r, c) => r.LeaveTextAsync(c.Actor, c.Args, c.Token)),
        Member("pause", ["pause"], "pause <network> until <date>", "No invitations until a date; they resume by themselves", Personal, (r, c) => r.PauseAsync(c.Actor, c.Args, c.Spec, c.Token)),
        Member("resume", ["resume", "unpause"], "resume <network>", "Invitations again, now", HelpOnly, (r, c) => r.ResumeAsync(c.Actor, Require(c.Args, c.Spec), c.Token)),
        Member("stop", ["stop inviting me", "stop"], "stop inviting me <network>", "Announcements only from a network, no personal invitations", HelpOnly, (r, c) => r.StopInvitingTextAsync(c.Actor, c.Args, c.Token)),
        Member("sessions", ["sessions", "upcoming"], "sessions [network]", "Upcoming sessions", Short | Team | Group, (r, c) => r.SessionsAsync(c.Actor, c.Args, c.Token)),
        Member("session", ["session", "details"], "session <session>", "One session's details", HelpOnly, (r, c) => r.SessionAsync(c.Actor, c.Turn, Require(c.Args, c.Spec), c.Token)),
        Member("rsvp", ["rsvp", "yes", "no", "accept", "decline", "no thanks"], "rsvp yes|no <session>", "Answer an invitation (\"yes\" or \"no\" alone answers the latest)", Short | Personal, (r, c) => r.RsvpTextAsync(c.Actor, c.Turn, c.Args, c.Spec, c.Token)),
        Member("who", ["who", "who else", "whos", "who's"], "who <network or session>", "Who else is in a network or going to a session", Short | Team | Group, (r, c) => r.WhoAsync(c.Actor, c.Turn, c.Args, c.Spec, c.Token)),
        Member("mysessions", ["my sessions", "mine", "my invitations"], "my sessions", "Sessions you're invited to or going to", Short | Personal, (r, c) => r.MySessionsAsync(c.Actor, c.Token)),
        Member("shownow", ["show it now", "show now", "show me now"], "show it now", "See an invitation held by your quiet hours here, now", HelpOnly, (r, c) => r.ShowHeldAsync(c.Actor, c.Token)),
        Member("settings", ["settings", "preferences", "set"], "settings [timezone|visibility|quiet|reminders|limit|department <value>]", "Your time zone, roster visibility, quiet hours, reminders, weekly limit", Short | Personal, (r, c) => r.SettingsTextAsync(c.Actor, c.Args, c.Token)),
        Member("invite", ["invite"], "invite <colleague> to <network>", "Personally invite a colleague to a network (once)", Team | Group, (r, c) => r.InviteColleagueAsync(c.Actor, c.Args, c.Spec, c.Token)),
        Member("checkin", ["here", "check in", "checking in", "check me in", "checkin", "check-in"], "here [session] <code>", "Check in at the room with the code on its screen", HelpOnly, (r, c) => r.CheckInAsync(c.Actor, c.Args, c.Token)),
        Member("canhelp", ["i can help with", "can help with"], "i can help with <topics>", "Say, in your own words, what colleagues can ask you about", HelpOnly, (r, c) => r.AddHelpTopicsAsync(c.Actor, c.Args, c.Spec, c.Token)),
        Member("myhelp", ["my help topics", "help topics"], "my help topics", "What you said you can help with", HelpOnly, (r, c) => r.MyHelpTopicsAsync(c.Actor, c.Token)),
        Member("nohelp", ["i can't help with", "i cant help with", "i cannot help with"], "i can't help with <topic>", "Take a topic off your list", HelpOnly, (r, c) => r.RemoveHelpTopicAsync(c.Actor, c.Args, c.Spec, c.Token)),
        Member("clearhelp", ["remove my help topics", "clear my help topics"], "remove my help topics", "Take all your topics off", HelpOnly, (r, c) => r.ClearHelpTopicsAsync(c.Actor, c.Token)),
        Member("whoknows", ["who knows about", "who knows", "who can help with"], "who knows about <topic> [in <network>]", "Colleagues in your networks who said they can help with it", HelpOnly, (r, c) => r.WhoKnowsAsync(c.Actor, c.Args, c.Spec, c.Token)),
        Member("introduce", ["introduce me", "intro me"], "introduce me [: <one line to share>]", "After checking in at a session: a coffee introduction to someone from another department or government who was there, if they ask too", HelpOnly, (r, c) => r.IntroduceMeAsync(c.Actor, c.Args, c.Token)),
        Member("introline", ["intro line", "my intro line"], "intro line <one line, e.g. I'm working on…>", "The one line shared with whoever you're introduced to", HelpOnly, (r, c) => r.IntroductionLineAsync(c.Actor, c.Args, c.Token)),
        Member("nointro", ["no introduction", "no intro"], "no introduction", "Not this time: withdraw your request for an introduction", HelpOnly, (r, c) => r.NoIntroductionAsync(c.Actor, null, c.Token)),
        Member("mydata", ["my data", "export"], "my data", "Everything CoPBot knows about you, as JSON", Personal, (r, c) => r.MyDataAsync(c.Actor, c.Token)),
        Member("forget", ["forget me"], "forget me", "Delete everything CoPBot knows about you", Personal, (r, c) => r.ForgetAsync(c.Actor, c.Args, c.Token)),

        // For organizers
        Organizer("newnetwork", ["new network", "create network", "new network called", "create a network called", "create a new network called", "create a network", "create a new network", "start a network called", "start a new network called", "start a network", "start a new network", "set up a network called"], "new network <name>; handle: <handle>; purpose: <text>; cadence: <rhythm>", "Start a network (you become its organizer)", Team, (r, c) => r.NewNetworkAsync(c.Actor, c.Turn, c.Args, c.Spec, c.Token)),
        Organizer("schedule", ["schedule", "new session"], "schedule <network>: <title>; when: <date time>; for: <duration>; where: <place>; capacity: <n>; prep: <text>; agenda: <text>; series: <part>", "Schedule a session", Team, (r, c) => r.ScheduleTextAsync(c.Actor, c.Turn, c.Args, c.Token)),
        Organizer("announce", ["announce"], "announce <session>", "Post a session's announcement to the network's channels (type it in a channel to add that channel)", Team | Group, (r, c) => r.AnnounceAsync(c.Actor, c.Turn, Require(c.Args, c.Spec), c.Token)),
        Organizer("sendinvites", ["invite", "send invitations for", "send invitations to", "send invitations", "send invites for", "send invites to", "send invites", "send the invitations for"], "invite <session>", "Send invitations to members who want them", HelpOnly, (r, c) => r.SendInvitationsAsync(c.Actor, Require(c.Args, c.Spec), c.Token)),
        Organizer("cancel", ["cancel"], "cancel <session>", "Cancel a session (only people who said yes or wait are told)", Team, (r, c) => r.CancelTextAsync(c.Actor, Require(c.Args, c.Spec), c.Token)),
        Organizer("reschedule", ["reschedule", "move"], "reschedule <session>; when: <date time>; for: <duration>; where: <place>", "Move a session", Team, (r, c) => r.RescheduleTextAsync(c.Actor, c.Turn, c.Args, c.Spec, c.Token)),
        Organizer("stats", ["stats", "figures"], "stats <session>", "Counts for a session: invited, going, waitlist, not this time", Team, (r, c) => r.StatsAsync(c.Actor, Require(c.Args, c.Spec), c.Token)),
        Organizer("organizerpage", ["my organizer page", "organizer page", "my dashboard"], "my organizer page", "A personal link to your page in the browser: charts of your sessions and each session's room screen", HelpOnly, (r, c) => r.OrganizerPageAsync(c.Actor, c.Turn, c.Token)),
        Organizer("partner", ["open"], "open <network> to <organization>", "Let a partner organization see and join a network", HelpOnly, (r, c) => r.OpenToPartnerAsync(c.Actor, c.Args, c.Spec, c.Token)),
        Organizer("organizer", ["add organizer"], "add organizer <name> to <network>", "Add a co-organizer", HelpOnly, (r, c) => r.AddOrganizerAsync(c.Actor, c.Args, c.Spec, c.Token)),
    ];

    /// <summary>Every verb a card button can carry (<see cref="CardActions"/>) and its handler.</summary>
    internal static IReadOnlyList<ActionRoute> ActionRoutes { get; } =
    [
        // For everyone
        new(CardActions.RsvpYes, (r, a) => r.RsvpButtonAsync(a, yes: true)),
        new(CardActions.RsvpNo, (r, a) => r.RsvpButtonAsync(a, yes: false)),
        new(CardActions.AcceptOffer, (r, a) => r.OfferButtonAsync(a, accept: true)),
        new(CardActions.DeclineOffer, (r, a) => r.OfferButtonAsync(a, accept: false)),
        new(CardActions.StopInviting, (r, a) => r.StopInvitingButtonAsync(a)),
        new(CardActions.JoinNetwork, (r, a) => r.JoinAsync(a.Actor, a.Network(), CommandGrammar.Find("join"), a.Token)),
        new(CardActions.LeaveNetwork, (r, a) => r.LeaveAsync(a.Actor, a.Network(), a.Token)),
        new(CardActions.PauseNetwork, (r, a) => r.PauseButtonAsync(a)),
        new(CardActions.ResumeNetwork, (r, a) => r.ResumeAsync(a.Actor, a.Network(), a.Token)),
        new(CardActions.ShowSession, (r, a) => r.SessionAsync(a.Actor, a.Turn, a.Session(), a.Token)),
        new(CardActions.WhoIsGoing, (r, a) => r.SessionRosterAsync(a.Actor, a.Session(), a.Token)),
        new(CardActions.WhoIsInNetwork, (r, a) => r.NetworkRosterAsync(a.Actor, a.Network(), a.Token)),
        new(CardActions.AcceptColleagueInvitation, (r, a) => r.ColleagueInvitationButtonAsync(a, accept: true)),
        new(CardActions.DeclineColleagueInvitation, (r, a) => r.ColleagueInvitationButtonAsync(a, accept: false)),
        new(CardActions.SaveSettings, (r, a) => r.SaveSettingsAsync(a.Actor, a.Data, a.Token)),
        new(CardActions.SetSetting, (r, a) => r.ChangeSettingAsync(a.Actor, a.Data.GetValueOrDefault(CardActions.SettingKey) ?? "", a.Data.GetValueOrDefault(CardActions.ValueKey) ?? "", a.Token)),
        new(CardActions.ShowHeld, (r, a) => r.ShowHeldAsync(a.Actor, a.Token)),
        new(CardActions.MySessions, (r, a) => r.MySessionsAsync(a.Actor, a.Token)),
        new(CardActions.ShowSessions, (r, a) => r.SessionsAsync(a.Actor, "", a.Token)),
        new(CardActions.Help, (_, _) => Task.FromResult(ShortHelp())),
        new(CardActions.HelpMore, (r, a) => r.FullHelpAsync(a.Actor, a.Token)),
        new(CardActions.IntroduceMe, (r, a) => r.IntroductionButtonAsync(a.Actor, yes: true, a.Data.GetValueOrDefault(CardActions.SessionKey), a.Personal, a.Token)),
        new(CardActions.NoIntroduction, (r, a) => r.IntroductionButtonAsync(a.Actor, yes: false, a.Data.GetValueOrDefault(CardActions.SessionKey), a.Personal, a.Token)),
        new(CardActions.RefreshView, (r, a) => r.RefreshAsync(a.Actor, a.Turn, a.Data, a.Token)),

        // For organizers
        new(CardActions.OpenScheduleForm, (r, a) => r.ScheduleFormAsync(a)),
        new(CardActions.SubmitSchedule, (r, a) => r.SubmitScheduleAsync(a.Actor, a.Turn, a.Data, a.Token)),
        new(CardActions.OpenRescheduleForm, (r, a) => r.RescheduleFormAsync(a.Actor, a.Session(), a.Token)),
        new(CardActions.SubmitReschedule, (r, a) => r.SubmitRescheduleAsync(a.Actor, a.Turn, a.Data, a.Token)),
        new(CardActions.CancelSession, (r, a) => r.CancelAsync(a.Actor, a.Session(), a.Data.ContainsKey(CardActions.ConfirmKey), a.Token)),
        new(CardActions.ShowStats, async (r, a) => (await r.StatsAsync(a.Actor, a.Session(), a.Token)) with { Private = true }),
        new(CardActions.SendInvitations, (r, a) => r.SendInvitationsAsync(a.Actor, a.Session(), a.Token)),
        new(CardActions.Announce, (r, a) => r.AnnounceAsync(a.Actor, a.Turn, a.Session(), a.Token)),
    ];

    private static readonly Dictionary<string, CommandRoute> CommandsByName = CommandRoutes.ToDictionary(r => r.Spec.Name, StringComparer.Ordinal);

    private static readonly Dictionary<string, ActionRoute> ActionsByVerb = ActionRoutes.ToDictionary(r => r.Verb, StringComparer.Ordinal);

    /// <summary>Every verb that has a handler.</summary>
    internal static IReadOnlySet<string> HandledVerbs { get; } = ActionsByVerb.Keys.ToHashSet(StringComparer.Ordinal);

    private static CommandRoute Member(string name, string[] words, string usage, string description, Shown shown, Func<ConversationRouter, CommandCall, Task<ChatReply>> handle) =>
        new(new CommandSpec(name, words, usage, description, Shown: shown), handle);

    private static CommandRoute Organizer(string name, string[] words, string usage, string description, Shown shown, Func<ConversationRouter, CommandCall, Task<ChatReply>> handle) =>
        new(new CommandSpec(name, words, usage, description, OrganizerOnly: true, Shown: shown), handle);
}
