using CoPBot.Cards.Views;
using CoPBot.Services.Domain;
using CoPBot.Services.Views;

namespace CoPBot.Cards.Builders;

/// <summary>
/// Cards about one session: the invitation, the channel announcement, details, reminders, offers and notices.
/// Every one says honestly what the session asks (rule 9) and gives "no thanks" the same weight as yes (rule 3).
/// </summary>
public static class SessionCards
{
    public const string InvitationFooter = "Come if it's useful to you. Saying no is fine: nobody is told, and nobody will chase you.";

    public static CardView Invitation(SessionSummary session, Uri? calendarBase = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Base(session, CardKinds.Invitation) with
        {
            Subtitle = $"{session.OrganizerName} invites you · {session.NetworkName}",
            Paragraphs = Paragraphs(session, InvitationFooter),
            Actions = AnswerActions(session),
            Links = CalendarLinks(session, calendarBase),
            Status = StatusLine(session),
        };
    }

    /// <summary>For a channel: nobody is addressed personally; anyone may ask to come or join the network.</summary>
    public static CardView Announcement(SessionSummary session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Base(session, CardKinds.Announcement) with
        {
            Subtitle = $"{session.NetworkName} · hosted by {session.OrganizerName}",
            Paragraphs = Paragraphs(session, "Everyone's welcome, nobody's expected. Tap \"I'd like to come\" to get a place."),
            Actions =
            [
                Act(CardActions.RsvpYes, "I'd like to come", session),
                Act(CardActions.JoinNetwork, $"Join {Trim(session.NetworkName, 40)}", session),
                Act(CardActions.WhoIsGoing, "Who's going?", session),
            ],
        };
    }

    /// <summary>
    /// The session as its reader sees it: an organizer gets the organizer's actions, a member the answers. In a shared
    /// conversation the card is the same for everyone: no personal status, calendar link or answer state.
    /// </summary>
    public static CardView Details(SessionSummary session, Uri? calendarBase = null, CardAudience audience = CardAudience.Reader)
    {
        ArgumentNullException.ThrowIfNull(session);
        var card = Base(session, CardKinds.SessionDetails) with
        {
            Subtitle = $"{session.NetworkName} · {session.OrganizerName}",
            Paragraphs = Paragraphs(session, null),
        };
        if (session.Status == SessionStatus.Cancelled)
        {
            return card with { Status = StatusLine(session) };
        }

        return audience == CardAudience.Shared
            ? card with { Actions = [Act(CardActions.RsvpYes, "I'd like to come", session), Act(CardActions.WhoIsGoing, "Who's going?", session)] }
            : card with { Actions = AnswerActions(session), Links = CalendarLinks(session, calendarBase), Status = StatusLine(session) };
    }

    /// <summary>
    /// A shared session card (its details, or its announcement) as one reader sees it: organizer actions for its
    /// organizers, their answers for people invited, Join for people not in the network; anyone else gets the shared
    /// card without a Join for a network they are already in.
    /// </summary>
    public static CardView OwnView(SessionSummary session, bool readerIsMember, bool announcement, Uri? calendarBase = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.ReaderIsOrganizer || session.MyAnswer is not null)
        {
            return Details(session, calendarBase);
        }

        var shared = announcement ? Announcement(session) : Details(session, calendarBase, CardAudience.Shared);
        var others = shared.Actions.Where(a => a.Verb != CardActions.JoinNetwork);
        return shared with
        {
            Actions = readerIsMember || session.Status == SessionStatus.Cancelled
                ? [.. others]
                : [.. others, Act(CardActions.JoinNetwork, $"Join {Trim(session.NetworkName, 40)}", session)],
        };
    }

    /// <summary>"Are you sure?" before a session is cancelled: the second press carries the confirmation.</summary>
    public static CardView ConfirmCancel(SessionSummary session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var confirm = Act(CardActions.CancelSession, "Yes, cancel it", session);
        return Base(session, CardKinds.Notice) with
        {
            Title = $"Cancel {session.Title}?",
            Subtitle = $"{session.NetworkName} · {session.Reference}",
            Paragraphs = [$"People who said yes or are waiting get a short notice; nobody else is messaged. This can't be undone. (Or type \"cancel {session.Reference} confirm\".)"],
            Actions =
            [
                confirm with { Data = new Dictionary<string, string>(confirm.Data) { [CardActions.ConfirmKey] = "yes" } },
                Act(CardActions.ShowSession, "Keep it", session),
            ],
        };
    }

    /// <summary>The day-before reminder, only ever sent to people who said yes (rule 5).</summary>
    public static CardView Reminder(SessionSummary session, Uri? calendarBase = null) =>
        Details(session, calendarBase) with { Subtitle = $"Tomorrow · {session.NetworkName}", Status = "You're going. Can't make it after all? Just say so, no reason needed." };

    /// <summary>A freed place, offered with a deadline; declining is as free as ever (rule 12).</summary>
    public static CardView Offer(SessionSummary session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var until = session.OfferExpiresAt is { } deadline ? Format.Instant(deadline, session.ReaderTimeZoneId) : "shortly before it starts";
        return Base(session, CardKinds.Offer) with
        {
            Subtitle = $"A place is free · {session.NetworkName}",
            Paragraphs = session.OfferExpired ? [] : [$"A place opened up and it's yours if you want it, until {until}. If not, no problem: it goes to the next person."],
            Actions = session.MyAnswer == Answer.Offered
                ? [Act(CardActions.AcceptOffer, "Take the place", session, CardActionStyle.Positive), Act(CardActions.DeclineOffer, "No thanks", session)]
                : [],
            Status = session.MyAnswer == Answer.Offered ? null : StatusLine(session),
        };
    }

    public static CardView Cancelled(SessionSummary session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Base(session, CardKinds.Notice) with
        {
            Title = $"Cancelled: {session.Title}",
            Subtitle = session.NetworkName,
            Paragraphs = [$"{session.OrganizerName} cancelled this session. Nothing to do on your side."],
        };
    }

    public static CardView Rescheduled(SessionSummary session, Uri? calendarBase = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Base(session, CardKinds.Notice) with
        {
            Title = $"New time: {session.Title}",
            Subtitle = session.NetworkName,
            Paragraphs = ["The session moved. Your answer stands; change it any time before it starts."],
            Actions = AnswerActions(session),
            Links = CalendarLinks(session, calendarBase),
            Status = StatusLine(session),
        };
    }

    public static CardView List(string title, IReadOnlyList<SessionSummary> sessions, string empty)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        return new CardView
        {
            Kind = CardKinds.MySessions,
            Title = title,
            Paragraphs = sessions.Count == 0 ? [empty] : [],
            Sections = sessions.Count == 0 ? [] :
            [
                new CardSection("Coming up", sessions.Select(s => new CardItem(
                    $"{s.Title} ({s.Reference})",
                    $"{Format.Brief(s)} · {Format.Where(s)}{AnswerNote(s)}")
                {
                    Actions = [Act(CardActions.ShowSession, "Details", s)],
                }).ToList()),
            ],
        };
    }

    /// <summary>The line that tells the reader where they stand after a click (rule 3: short thanks for a no).</summary>
    public static string? StatusLine(SessionSummary session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Status == SessionStatus.Cancelled)
        {
            return "This session was cancelled.";
        }

        if (session.OfferExpired && session.MyAnswer is null or Answer.None)
        {
            return "The place offered to you was held until " + Format.Instant(session.OfferExpiresAt!.Value, session.ReaderTimeZoneId)
                + " and has gone to the next person waiting. Nothing to do; say yes again if you'd still like to come.";
        }

        return session.MyAnswer switch
        {
            Answer.Yes => "You're going. Changed your mind? That's fine too.",
            Answer.No => "No problem, thanks for letting us know.",
            Answer.Waitlisted => "It's full, so you're on the waitlist. If a place opens you'll get an offer, nothing more.",
            Answer.Offered => "A place is being held for you.",
            _ => null,
        };
    }

    private static CardView Base(SessionSummary session, string kind) => new()
    {
        Kind = kind,
        Title = session.Title,
        Facts = Facts(session),
    };

    private static List<CardFact> Facts(SessionSummary session)
    {
        var facts = new List<CardFact> { new("When", Format.When(session)) };
        if (Format.Where(session) is { } where)
        {
            facts.Add(new CardFact("Where", where));
        }

        facts.Add(new CardFact("Duration", Format.Duration(session.Duration)));
        if (session.Preparation is { } preparation)
        {
            facts.Add(new CardFact("Preparation", preparation));
        }
        else
        {
            facts.Add(new CardFact("Preparation", "None"));
        }

        if (session.SeriesPart is { } part)
        {
            facts.Add(new CardFact("Series", session.Series is { } series ? $"{part} ({series})" : part));
        }

        if (Format.Places(session) is { } places)
        {
            facts.Add(new CardFact("Places", places));
        }

        facts.Add(new CardFact("Session", session.Reference));
        return facts;
    }

    private static List<string> Paragraphs(SessionSummary session, string? footer)
    {
        var paragraphs = new List<string>();
        if (session.Agenda is { } agenda)
        {
            paragraphs.Add(agenda);
        }

        if (footer is not null)
        {
            paragraphs.Add(footer);
        }

        return paragraphs;
    }

    /// <summary>
    /// Yes and no side by side with the same style; "stop inviting me" on every invitation (rule 7). The organizer of
    /// the session is not invited to it: they get what organizers do instead.
    /// </summary>
    private static List<CardAction> AnswerActions(SessionSummary session)
    {
        var actions = new List<CardAction>();
        if (session.Status == SessionStatus.Cancelled)
        {
            return actions;
        }

        if (session.ReaderIsOrganizer)
        {
            return OrganizerActions(session);
        }

        switch (session.MyAnswer)
        {
            case Answer.Yes or Answer.Waitlisted or Answer.Offered:
                actions.Add(Act(CardActions.RsvpNo, "No thanks", session));
                break;
            case Answer.No:
                actions.Add(Act(CardActions.RsvpYes, "Accept", session));
                break;
            default:
                actions.Add(Act(CardActions.RsvpYes, "Accept", session));
                actions.Add(Act(CardActions.RsvpNo, "No thanks", session));
                break;
        }

        actions.Add(Act(CardActions.WhoIsGoing, "Who's going?", session));
        actions.Add(new CardAction(CardActions.StopInviting, "Stop inviting me")
        {
            Data = new Dictionary<string, string> { [CardActions.NetworkKey] = session.NetworkHandle, [CardActions.SessionKey] = session.Id.ToString() },
            Style = CardActionStyle.Quiet,
        });
        return actions;
    }

    /// <summary>What an organizer does with their own session: invite, announce, figures, move it, or cancel (after a confirmation).</summary>
    public static List<CardAction> OrganizerActions(SessionSummary session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.Status == SessionStatus.Cancelled ? [] :
        [
            Act(CardActions.SendInvitations, "Invite members", session),
            Act(CardActions.Announce, "Announce", session),
            Act(CardActions.ShowStats, "Stats", session),
            Act(CardActions.OpenRescheduleForm, "Reschedule", session),
            Act(CardActions.CancelSession, "Cancel session", session, CardActionStyle.Quiet),
        ];
    }

    private static List<CardLink> CalendarLinks(SessionSummary session, Uri? calendarBase) =>
        session.CalendarToken is { } token && calendarBase is not null
            ? [new CardLink("Add to my calendar", new Uri(calendarBase, $"calendar/{token}.ics"))]
            : [];

    private static string AnswerNote(SessionSummary session) => session.OfferExpired && session.MyAnswer is null or Answer.None ? " · offer expired" : session.MyAnswer switch
    {
        Answer.Yes => " · you're going",
        Answer.Waitlisted => " · waitlist",
        Answer.Offered => " · a place is held for you",
        Answer.None => " · invited",
        _ => "",
    };

    internal static CardAction Act(string verb, string title, SessionSummary session, CardActionStyle style = CardActionStyle.Default) =>
        new(verb, title)
        {
            Data = new Dictionary<string, string> { [CardActions.SessionKey] = session.Id.ToString(), [CardActions.NetworkKey] = session.NetworkHandle },
            Style = style,
        };

    internal static string Trim(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
