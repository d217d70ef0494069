using CoPBot.Cards.Builders;
using CoPBot.Cards.Views;

namespace CoPBot.Cards.Tests.Rendering;

/// <summary>One realistic view per card kind, written here so the renderers can be checked without Services.</summary>
internal static class SampleCards
{
    private static Dictionary<string, string> Session(string id) => new() { [CardActions.SessionKey] = id };

    public static CardView Invitation(string title = "IdeaLab: prototyping with residents") => new()
    {
        Kind = CardKinds.Invitation,
        Title = title,
        Subtitle = "Maria Lopez invites you (IdeaLab network)",
        Paragraphs = ["A hands-on session on testing ideas with residents. Come if it helps you; no is a fine answer."],
        Facts =
        [
            new CardFact("When", "Tue 10 March 2026, 14:00–16:00"),
            new CardFact("Where", "City Hall, room 2.14"),
            new CardFact("Prepare", "Bring one idea you want to test"),
            new CardFact("Series", "Part 2 of 3 (training and boosters)"),
        ],
        Actions =
        [
            new CardAction(CardActions.RsvpYes, "Accept") { Style = CardActionStyle.Positive, Data = Session("42") },
            new CardAction(CardActions.RsvpNo, "No thanks") { Style = CardActionStyle.Quiet, Data = Session("42") },
            new CardAction(CardActions.StopInviting, "Stop inviting me") { Style = CardActionStyle.Quiet, Data = new Dictionary<string, string> { [CardActions.NetworkKey] = "idealab" } },
        ],
    };

    public static CardView Roster(int people, bool withActions = false) => new()
    {
        Kind = CardKinds.Roster,
        Title = "Who's going to IdeaLab",
        Subtitle = $"{people} people chose to be visible; 3 others",
        Sections =
        [
            new CardSection("Planning department", [.. Enumerable.Range(1, people).Select(i => new CardItem($"Person {i} with a reasonably long display name", "City of Example")
            {
                Actions = withActions ? [new CardAction(CardActions.ShowSession, "Details") { Data = Session(i.ToString(System.Globalization.CultureInfo.InvariantCulture)) }] : [],
            })]),
        ],
    };

    public static CardView Form(string kind) => new()
    {
        Kind = kind,
        Title = kind == CardKinds.ScheduleForm ? "Schedule a session" : "Reschedule the session",
        Subtitle = "IdeaLab",
        Inputs =
        [
            new CardInput("title", "Title", CardInputKind.Text) { Required = true, MaxLength = 120, Value = "Prototyping" },
            new CardInput("date", "Date", CardInputKind.Date) { Required = true, Value = "2026-03-10" },
            new CardInput("time", "Start", CardInputKind.Time) { Required = true, Value = "14:00" },
            new CardInput("duration", "Minutes", CardInputKind.Number) { Min = 15, Max = 480, Value = "120" },
            new CardInput("place", "Place", CardInputKind.MultilineText) { Placeholder = "Room, address" },
            new CardInput("rhythm", "Series", CardInputKind.Choice) { Choices = [new CardChoice("none", "Single session"), new CardChoice("booster", "Booster")], Value = "none" },
            new CardInput("remind", "Remind people who said yes", CardInputKind.Toggle) { Value = "true" },
        ],
        Actions =
        [
            new CardAction(kind == CardKinds.ScheduleForm ? CardActions.SubmitSchedule : CardActions.SubmitReschedule, "Save") { Style = CardActionStyle.Positive, Data = new Dictionary<string, string> { [CardActions.NetworkKey] = "idealab" } },
        ],
    };

    public static IEnumerable<CardView> OnePerKind()
    {
        yield return Invitation();
        yield return Invitation() with { Kind = CardKinds.Announcement, Actions = [new CardAction(CardActions.JoinNetwork, "Join IdeaLab")] };
        yield return Invitation() with { Kind = CardKinds.SessionDetails, Status = "You're going. Changed your mind?" };
        yield return Roster(12);
        yield return new CardView
        {
            Kind = CardKinds.MySessions,
            Title = "Your sessions",
            Sections = [new CardSection("Coming up", [new CardItem("IdeaLab, 10 March", "You're going") { Actions = [new CardAction(CardActions.ShowSession, "Details") { Data = Session("42") }, new CardAction(CardActions.RsvpNo, "Can't make it") { Data = Session("42") }] }])],
        };
        yield return new CardView { Kind = CardKinds.Networks, Title = "Your networks", Sections = [new CardSection("Member", [new CardItem("IdeaLab"), new CardItem("Social Media Forum")])] };
        yield return new CardView
        {
            Kind = CardKinds.Settings,
            Title = "Your settings",
            Inputs = [new CardInput("visible", "Show me on rosters", CardInputKind.Toggle) { Value = "true" }, new CardInput("quiet", "Quiet hours start", CardInputKind.Time)],
            Actions = [new CardAction(CardActions.SaveSettings, "Save") { Style = CardActionStyle.Positive }],
        };
        yield return new CardView { Kind = CardKinds.Help, Title = "What I can do", Sections = [new CardSection("Commands", [new CardItem("/cop sessions", "your sessions"), new CardItem("/cop who idealab", "who else belongs")])] };
        yield return Form(CardKinds.ScheduleForm);
        yield return Form(CardKinds.RescheduleForm);
        yield return Invitation() with { Kind = CardKinds.Offer, Actions = [new CardAction(CardActions.AcceptOffer, "Take the place") { Style = CardActionStyle.Positive }, new CardAction(CardActions.DeclineOffer, "No thanks")] };
        yield return Invitation() with { Kind = CardKinds.ColleagueInvitation, Actions = [new CardAction(CardActions.AcceptColleagueInvitation, "Join") { Style = CardActionStyle.Positive }, new CardAction(CardActions.DeclineColleagueInvitation, "No thanks")] };
        yield return new CardView { Kind = CardKinds.Notice, Title = "Session moved", Paragraphs = ["IdeaLab moved to 17 March."] };
        yield return new CardView { Kind = CardKinds.Stats, Title = "IdeaLab in numbers", Facts = [new CardFact("Going", "14"), new CardFact("Places left", "6")] };
        yield return new CardView { Kind = CardKinds.Welcome, Title = "Hello!", Paragraphs = ["I help you find learning networks. Nobody signs you up but you."] };
        yield return new CardView { Kind = CardKinds.Progress, Title = "Sending invitations", Status = "12 of 40 sent" };
        yield return ReplyCards.Done("You're going to IdeaLab · Thu 3 Dec 9:30.", ReplyCards.Session(CardActions.RsvpNo, "Can't make it", Guid.Empty));
        yield return SampleCardViews.All.First(v => v.Kind == CardKinds.Choice);
    }
}
