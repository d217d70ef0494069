using System.Globalization;
using CoPBot.Cards.Views;
using CoPBot.Services.Views;

namespace CoPBot.Cards.Builders;

/// <summary>Organizer forms and figures: counts only, never names of who declined or stayed silent (rule 4).</summary>
public static class OrganizerCards
{
    public const string NetworkInput = "network";
    public const string TitleInput = "title";
    public const string DateInput = "date";
    public const string TimeInput = "time";
    public const string DurationInput = "duration";
    public const string RoomInput = "room";
    public const string AddressInput = "address";
    public const string CapacityInput = "capacity";
    public const string AgendaInput = "agenda";
    public const string PreparationInput = "preparation";
    public const string SeriesPartInput = "series";

    /// <summary>The schedule form. Values and errors come back when a submit had a problem.</summary>
    public static CardView ScheduleForm(
        IReadOnlyList<NetworkSummary> organized,
        IReadOnlyDictionary<string, string>? values = null,
        IReadOnlyDictionary<string, string>? errors = null,
        string? problem = null)
    {
        ArgumentNullException.ThrowIfNull(organized);
        values ??= new Dictionary<string, string>();
        errors ??= new Dictionary<string, string>();
        var inputs = new List<CardInput>
        {
            new(NetworkInput, "Network", CardInputKind.Choice)
            {
                Required = true,
                Value = values.GetValueOrDefault(NetworkInput) ?? (organized.Count > 0 ? organized[0].Handle : null),
                Choices = organized.Select(n => new CardChoice(n.Handle, n.Name)).ToList(),
                Error = errors.GetValueOrDefault(NetworkInput),
            },
        };
        inputs.AddRange(SessionInputs(values, errors, requireAll: true));
        return new CardView
        {
            Kind = CardKinds.ScheduleForm,
            Title = "Schedule a session",
            Paragraphs = ["Say honestly what it asks: time, place, preparation. It will go out as an invitation, never as a mandate."],
            Inputs = inputs,
            Actions = [new CardAction(CardActions.SubmitSchedule, "Schedule")],
            Errors = problem is null ? [] : [problem],
        };
    }

    public static CardView RescheduleForm(
        SessionSummary session,
        IReadOnlyDictionary<string, string>? values = null,
        IReadOnlyDictionary<string, string>? errors = null,
        string? problem = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        values ??= new Dictionary<string, string>();
        errors ??= new Dictionary<string, string>();
        var start = Services.App.TimeZones.ToLocal(session.StartsAt, session.ReaderTimeZoneId);
        var defaults = new Dictionary<string, string>
        {
            [DateInput] = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [TimeInput] = start.ToString("HH:mm", CultureInfo.InvariantCulture),
            [DurationInput] = ((int)session.Duration.TotalMinutes).ToString(CultureInfo.InvariantCulture),
            [RoomInput] = session.Room ?? "",
            [AddressInput] = session.Address ?? "",
        };
        foreach (var (key, value) in values)
        {
            defaults[key] = value;
        }

        return new CardView
        {
            Kind = CardKinds.RescheduleForm,
            Title = $"Move {session.Title}",
            Subtitle = $"Now: {Format.When(session)}",
            Paragraphs = ["People who said yes or are waiting get a short notice and an updated calendar entry. Nobody else is messaged."],
            Inputs = SessionInputs(defaults, errors, requireAll: false).Where(i => i.Id is DateInput or TimeInput or DurationInput or RoomInput or AddressInput).ToList(),
            Actions = [new CardAction(CardActions.SubmitReschedule, "Move it") { Data = new Dictionary<string, string> { [CardActions.SessionKey] = session.Id.ToString() } }],
            Errors = problem is null ? [] : [problem],
        };
    }

    public static CardView Stats(SessionStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var s = stats.Session;
        return new CardView
        {
            Kind = CardKinds.Stats,
            Title = $"{s.Title} ({s.Reference})",
            Subtitle = Format.When(s),
            Paragraphs = ["Counts only. Who said no and who didn't answer is private: both are counted as \"not this time\". Who came is private too."],
            Facts =
            [
                new("Invited", Number(stats.Invited)),
                new("Going", s.Capacity is { } c ? $"{stats.Going} of {c}" : Number(stats.Going)),
                .. stats.Offered > 0 ? [new CardFact("Offered", $"{Number(stats.Offered)} (a freed place, waiting for an answer)")] : Array.Empty<CardFact>(),
                new("Waitlist", Number(stats.Waitlisted)),
                new("Not this time", Number(stats.NotThisTime)),
                .. stats.CheckIns is { } came
                    ? [new CardFact("Came", Number(came.Came)), new CardFact("Of them, said yes", Number(came.SaidYes)), new CardFact("Walk-ins", Number(came.WalkIns))]
                    : Array.Empty<CardFact>(),
                new("Invitations delivered", $"{stats.Delivery.Sent} sent, {stats.Delivery.Queued} queued ({stats.Delivery.Deferred} waiting for quiet hours or weekly limits), {stats.Delivery.Failed} failed"),
                .. stats.ChannelsNotPosted.Count == 0
                    ? Array.Empty<CardFact>()
                    : [new CardFact("Announcement not posted in", string.Join(", ", stats.ChannelsNotPosted) + " (announce again once CoPBot can post there)")],
            ],
            Actions =
            [
                SessionCards.Act(CardActions.WhoIsGoing, "Who's going?", s),
                SessionCards.Act(CardActions.OpenRescheduleForm, "Move", s),
                SessionCards.Act(CardActions.CancelSession, "Cancel session", s, CardActionStyle.Quiet),
            ],
        };
    }

    /// <summary>
    /// To the organizer, when an announcement could not be posted in a channel: where and why, plainly, and a button
    /// that announces again once it is fixed (only the channels it failed in are tried again).
    /// </summary>
    public static CardView ChannelPostFailed(SessionSummary session, (string Where, string Why) failure)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new CardView
        {
            Kind = CardKinds.Notice,
            Title = $"I couldn't post the {session.Title} announcement in {failure.Where}: {failure.Why}.",
            Subtitle = $"{session.Title} ({session.Reference})",
            Paragraphs = ["When that is fixed, announce it again: only the channels it failed in are tried again."],
            Actions = [SessionCards.Act(CardActions.Announce, "Announce again", session)],
        };
    }

    /// <summary>Progress of an organizer's run, updated in place until it ends: counts, never names.</summary>
    public static CardView Progress(string title, DeliveryProgress progress, SessionSummary session)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(session);
        return new CardView
        {
            Kind = CardKinds.Progress,
            Title = title,
            Subtitle = $"{session.Title} ({session.Reference})",
            Facts =
            [
                new("Queued", Number(progress.Queued)),
                new("Sent", Number(progress.Sent)),
                new("Waiting for quiet hours or weekly limits", Number(progress.Deferred)),
                new("Failed", Number(progress.Failed)),
            ],
            Status = progress.Finished ? "Done." : "Sending…",
            Actions = [SessionCards.Act(CardActions.ShowSession, "Session details", session)],
        };
    }

    private static IEnumerable<CardInput> SessionInputs(IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> errors, bool requireAll)
    {
        CardInput Input(string id, string label, CardInputKind kind, bool required = false, int? maxLength = null) =>
            new(id, label, kind) { Value = values.GetValueOrDefault(id), Required = required && requireAll, MaxLength = maxLength, Error = errors.GetValueOrDefault(id) };

        yield return Input(TitleInput, "Title", CardInputKind.Text, required: true, maxLength: Services.Domain.SessionDraft.MaxTitleLength);
        yield return Input(DateInput, "Date", CardInputKind.Date, required: true);
        yield return Input(TimeInput, "Start time", CardInputKind.Time, required: true);
        yield return Input(DurationInput, "Duration in minutes", CardInputKind.Number, required: true) with { Min = 10, Max = 720, Value = values.GetValueOrDefault(DurationInput) ?? "90" };
        yield return Input(RoomInput, "Room", CardInputKind.Text, maxLength: 200);
        yield return Input(AddressInput, "Address", CardInputKind.Text, maxLength: 300);
        yield return Input(CapacityInput, "Places (empty: no limit)", CardInputKind.Number) with { Min = 1, Max = 10000 };
        yield return Input(AgendaInput, "What it's about", CardInputKind.MultilineText, maxLength: Services.Domain.SessionDraft.MaxTextLength);
        yield return Input(PreparationInput, "Preparation asked (empty: none)", CardInputKind.MultilineText, maxLength: Services.Domain.SessionDraft.MaxTextLength);
        yield return Input(SeriesPartInput, "Part of a series (e.g. booster 2 of 3)", CardInputKind.Text, maxLength: 120);
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
