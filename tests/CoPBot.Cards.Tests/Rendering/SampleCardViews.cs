using CoPBot.Cards.Builders;
using CoPBot.Cards.Views;
using CoPBot.Services.Domain;
using CoPBot.Services.Views;

namespace CoPBot.Cards.Tests.Rendering;

/// <summary>A representative view of every card kind, as the card builders will produce them.</summary>
internal static class SampleCardViews
{
    private static Dictionary<string, string> Session(string id = "s-42") => new() { [CardActions.SessionKey] = id };

    private static Dictionary<string, string> Network(string handle = "idealab") => new() { [CardActions.NetworkKey] = handle };

    public static CardView Invitation { get; } = new()
    {
        Kind = CardKinds.Invitation,
        Title = "IdeaLab: Facilitation basics",
        Subtitle = "Maria Lopez invites you (IdeaLab network)",
        Paragraphs = ["A two-hour skills session, co-hosted by the City and the County. Bring one idea you are working on."],
        Facts =
        [
            new CardFact("When", "Tue 10 Mar 2026, 14:00-16:00 (Europe/Amsterdam)"),
            new CardFact("Where", "City Hall, room 4.12"),
            new CardFact("Preparation", "None"),
            new CardFact("Series", "Training 1 of 3, then boosters"),
        ],
        Actions =
        [
            new CardAction(CardActions.RsvpYes, "Accept") { Data = Session(), Style = CardActionStyle.Positive },
            new CardAction(CardActions.RsvpNo, "No thanks") { Data = Session(), Style = CardActionStyle.Quiet },
            new CardAction(CardActions.StopInviting, "Stop inviting me") { Data = Network(), Style = CardActionStyle.Quiet },
        ],
    };

    public static IReadOnlyList<CardView> All { get; } =
    [
        Invitation,
        Invitation with { Status = "You're going. Changed your mind?", Actions = [new CardAction(CardActions.RsvpNo, "Can't make it after all") { Data = Session() }] },
        new()
        {
            Kind = CardKinds.Announcement,
            Title = "IdeaLab session on 10 March",
            Subtitle = "Posted by Maria Lopez for the IdeaLab network",
            Facts = [new CardFact("When", "Tue 10 Mar 2026, 14:00"), new CardFact("Where", "City Hall")],
            Paragraphs = ["Everyone is welcome; joining the network is your own choice."],
            Actions =
            [
                new CardAction(CardActions.JoinNetwork, "Join IdeaLab") { Data = Network() },
                new CardAction(CardActions.RsvpYes, "I'll come") { Data = Session() },
            ],
        },
        new()
        {
            Kind = CardKinds.SessionDetails,
            Title = "Facilitation basics",
            Facts = [new CardFact("When", "Tue 10 Mar 2026, 14:00"), new CardFact("Places left", "4 of 20")],
            Actions = [new CardAction(CardActions.WhoIsGoing, "Who else is going?") { Data = Session() }],
        },
        new()
        {
            Kind = CardKinds.Roster,
            Title = "Who is going",
            Paragraphs = ["12 people are going; 3 of them chose to be listed."],
            Sections =
            [
                new CardSection("Public Works (City)", [new CardItem("Ana de Vries"), new CardItem("Tom Jansen")]),
                new CardSection("Planning (County)", [new CardItem("Li Wei", "organizer")]),
            ],
        },
        new()
        {
            Kind = CardKinds.MySessions,
            Title = "My sessions",
            Sections =
            [
                new CardSection("Going",
                [
                    new CardItem("IdeaLab, Tue 10 Mar 14:00", "City Hall")
                    {
                        Actions = [new CardAction(CardActions.RsvpNo, "Can't make it") { Data = Session() }, new CardAction(CardActions.ShowSession, "Details") { Data = Session() }],
                    },
                ]),
            ],
        },
        new()
        {
            Kind = CardKinds.Networks,
            Title = "Networks",
            Sections = [new CardSection("Open to you", [new CardItem("IdeaLab", "skills, every other month") { Actions = [new CardAction(CardActions.JoinNetwork, "Join") { Data = Network() }] }])],
        },
        new()
        {
            Kind = CardKinds.Settings,
            Title = "Your settings",
            Inputs =
            [
                new CardInput("timezone", "Time zone", CardInputKind.Choice)
                {
                    Value = "Europe/Amsterdam",
                    Choices = [new CardChoice("Europe/Amsterdam", "Amsterdam"), new CardChoice("America/New_York", "New York")],
                },
                new CardInput("reminders", "Remind me the day before", CardInputKind.Toggle) { Value = "true" },
                new CardInput("visible", "Show my name to fellow members", CardInputKind.Toggle) { Value = "false" },
            ],
            Actions = [new CardAction(CardActions.SaveSettings, "Save")],
        },
        new()
        {
            Kind = CardKinds.Help,
            Title = "What I can do",
            Sections = [new CardSection("Everyone", [new CardItem("networks", "list networks"), new CardItem("join <network>", "join one")])],
            Actions = [new CardAction(CardActions.MySessions, "My sessions")],
        },
        new()
        {
            Kind = CardKinds.ScheduleForm,
            Title = "Schedule a session",
            Subtitle = "IdeaLab",
            Errors = ["The session could not be saved."],
            Inputs =
            [
                new CardInput("title", "Title", CardInputKind.Text) { Required = true, MaxLength = 120, Placeholder = "What is it about?" },
                new CardInput("date", "Date", CardInputKind.Date) { Required = true, Value = "2026-03-10", Error = "The date is in the past." },
                new CardInput("time", "Start time", CardInputKind.Time) { Required = true, Value = "14:00" },
                new CardInput("duration", "Duration (minutes)", CardInputKind.Number) { Value = "120", Min = 15, Max = 480 },
                new CardInput("place", "Place", CardInputKind.Text) { Required = true },
                new CardInput("description", "What it asks of people", CardInputKind.MultilineText),
                new CardInput("capacity", "Places", CardInputKind.Number) { Min = 1 },
            ],
            Actions = [new CardAction(CardActions.SubmitSchedule, "Schedule") { Data = Network(), Style = CardActionStyle.Positive }],
        },
        new()
        {
            Kind = CardKinds.RescheduleForm,
            Title = "Reschedule",
            Inputs =
            [
                new CardInput("date", "New date", CardInputKind.Date) { Required = true },
                new CardInput("time", "New start time", CardInputKind.Time) { Required = true },
            ],
            Actions = [new CardAction(CardActions.SubmitReschedule, "Reschedule") { Data = Session() }, new CardAction(CardActions.CancelSession, "Cancel the session") { Data = Session() }],
        },
        new()
        {
            Kind = CardKinds.Offer,
            Title = "A place opened up",
            Paragraphs = ["A place is free at IdeaLab on 10 March. It is yours if you want it until Friday 12:00."],
            Actions = [new CardAction(CardActions.AcceptOffer, "Take the place") { Data = Session() }, new CardAction(CardActions.DeclineOffer, "No thanks") { Data = Session() }],
        },
        new()
        {
            Kind = CardKinds.ColleagueInvitation,
            Title = "Ana invites you to IdeaLab",
            Paragraphs = ["Ana thought you might like this network. If you say nothing, you will not hear about it again."],
            Actions = [new CardAction(CardActions.AcceptColleagueInvitation, "Join") { Data = Network() }, new CardAction(CardActions.DeclineColleagueInvitation, "No thanks") { Data = Network() }],
        },
        new() { Kind = CardKinds.Notice, Title = "Session cancelled", Paragraphs = ["IdeaLab on 10 March will not take place."] },
        new()
        {
            Kind = CardKinds.Stats,
            Title = "IdeaLab in numbers",
            Facts = [new CardFact("Members", "48"), new CardFact("Sessions this year", "5"), new CardFact("Average attendance", "14")],
        },
        new() { Kind = CardKinds.Welcome, Title = "Welcome to CoPBot", Paragraphs = ["Everything is opt-in. Type help."] },
        new()
        {
            Kind = CardKinds.Progress,
            Title = "Invitations",
            Status = "Invitations sent to 20 members who asked for them.",
            Actions = [new CardAction(CardActions.Announce, "Announce in a channel") { Data = Session() }],
        },
        ReplyCards.Done("You're in IdeaLab. An invitation to its next session is on its way.", ReplyCards.Network(CardActions.LeaveNetwork, "Undo", "idealab")),
        ReplyCards.Done("Reminders are off.", ReplyCards.Setting("Turn on", "reminders", "on")),
        ReplyCards.PauseUntil("IdeaLab", "idealab", [("2 weeks", new DateOnly(2027, 3, 15)), ("A month", new DateOnly(2027, 4, 1)), ("3 months", new DateOnly(2027, 6, 1))]),
        PersonCards.ShortHelp([new HelpEntry("networks", "The learning networks you can join"), new HelpEntry("join <network>", "Join a network")]),
        ReplyCards.WhichOne(CardActions.RsvpYes, [Summary("IdeaLab", new DateTime(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc)), Summary("Data Dojo", new DateTime(2026, 12, 8, 14, 0, 0, DateTimeKind.Utc))]),
        ReplyCards.WhichNetwork("Leave which network?", CardActions.LeaveNetwork, [NetworkSummary("IdeaLab"), NetworkSummary("Data Dojo")]),
    ];

    private static NetworkSummary NetworkSummary(string name) => new()
    {
        Id = Guid.NewGuid(), Name = name, Handle = name.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant(), Purpose = "Learning together.",
        HostOrganizations = ["City of Riverton"], MemberCount = 12,
    };

    /// <summary>A session as the services describe it to a reader in Chicago.</summary>
    internal static SessionSummary Summary(string network, DateTime startsAt) => new()
    {
        Id = Guid.NewGuid(), Reference = network.ToLowerInvariant() + "-1", Title = "Facilitation basics", NetworkName = network, NetworkHandle = network.ToLowerInvariant(),
        StartsAt = startsAt, EndsAt = startsAt.AddHours(2), TimeZoneId = "Europe/Amsterdam", Going = 3, OrganizerName = "Maria Lopez",
        Status = SessionStatus.Scheduled, ReaderTimeZoneId = "America/Chicago",
    };
}
