using CoPBot.Cards;
using CoPBot.Cards.Builders;
using CoPBot.Cards.Views;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Views;

namespace CoPBot.Bot.Conversation;

/// <summary>
/// Context: what the bot last showed a person in a conversation is what their short answers and questions refer to
/// ("yes", "who's going?", "where is it?"). When a short answer could mean several sessions, it asks which, with
/// one button per session; it never picks one silently.
/// </summary>
internal sealed partial class ConversationRouter
{
    /// <summary>Words that point at what was shown: "who's in it?", "where is it?".</summary>
    private static readonly string[] Pointers = ["it", "this", "that", "this one", "that one", "there"];

    private static bool IsPointer(string text) => Pointers.Contains(text.Trim(), StringComparer.OrdinalIgnoreCase);

    private static ConversationKey ContextKey(ChatTurn turn) => new(turn.User.Channel, turn.User.TenantId, turn.Conversation.Id);

    private Task<ShownContext> RecallAsync(Actor actor, ChatTurn turn, CancellationToken cancellationToken) =>
        memory.RecallAsync(actor.PersonId, ContextKey(turn), turn.Conversation.Kind == ChatConversationKind.Personal, options.Value.ContextLifetime, cancellationToken);

    /// <summary>Keeps what the reply showed as the person's context here, in the turn's transaction.</summary>
    private async Task<ChatReply> RememberAsync(Actor actor, ChatTurn turn, ChatReply reply, CancellationToken cancellationToken)
    {
        if (reply.Shown is { IsEmpty: false } shown)
        {
            await memory.RememberAsync(actor.PersonId, ContextKey(turn), shown, options.Value.ContextLifetime, cancellationToken);
        }

        return reply;
    }

    private static ShownContext ShowsSessions(IEnumerable<SessionSummary> shown) => new(shown.Select(s => s.Id).ToList(), []);

    private static ShownContext ShowsNetworks(IEnumerable<string> handles) => new([], handles.ToList());

    /// <summary>The sessions in the person's context that they can still see, as they see them.</summary>
    private async Task<IReadOnlyList<SessionSummary>> SessionsInContextAsync(Actor actor, ChatTurn turn, CancellationToken cancellationToken) =>
        await sessions.ShownAsync(actor, (await RecallAsync(actor, turn, cancellationToken)).Sessions, cancellationToken);

    /// <summary>A session a member can still answer: scheduled, not started, not their own to organize.</summary>
    private bool Answerable(SessionSummary session) =>
        session.Status == SessionStatus.Scheduled && session.StartsAt > clock.GetUtcNow().UtcDateTime && !session.ReaderIsOrganizer;

    /// <summary>
    /// A bare "yes" or "no": the session in context; else the one open invitation; else a change of mind about the one
    /// session it can change. Several candidates: "Which one?". Nothing to change: what is true, with its undo.
    /// </summary>
    private async Task<ChatReply> BareAnswerAsync(Actor actor, ChatTurn turn, bool yes, CancellationToken cancellationToken)
    {
        var inContext = (await SessionsInContextAsync(actor, turn, cancellationToken)).Where(Answerable).ToList();
        if (inContext.Count > 1)
        {
            return WhichOne(yes, inContext);
        }

        if (inContext.Count == 1)
        {
            return await AnswerAsync(actor, inContext[0], yes, cancellationToken);
        }

        var mine = await sessions.MySessionsAsync(actor, cancellationToken);
        var candidates = mine.Where(s => s.MyAnswer is Answer.None or Answer.Offered).Where(Answerable).ToList();
        if (candidates.Count == 0)
        {
            // A change of mind: back to yes after a no, or a no after a yes.
            candidates = yes
                ? (await sessions.UpcomingAsync(actor, null, cancellationToken)).Where(s => s.MyAnswer == Answer.No).Where(Answerable).ToList()
                : mine.Where(s => s.MyAnswer is Answer.Yes or Answer.Waitlisted).Where(Answerable).ToList();
        }

        return candidates.Count switch
        {
            > 1 => WhichOne(yes, candidates),
            1 => await AnswerAsync(actor, candidates[0], yes, cancellationToken),
            _ => NothingToAnswer(mine.FirstOrDefault(s => s.MyAnswer is Answer.Yes or Answer.Waitlisted)),
        };
    }

    /// <summary>Answers one session, or says the answer stands when it already does (with the button that changes it).</summary>
    private async Task<ChatReply> AnswerAsync(Actor actor, SessionSummary session, bool yes, CancellationToken cancellationToken)
    {
        if (yes && session.MyAnswer is Answer.Yes or Answer.Waitlisted)
        {
            return AlreadyGoing(session);
        }

        if (!yes && session.MyAnswer == Answer.No)
        {
            return Done($"You've already said no to {Format.Label(session)}.", ReplyCards.Session(CardActions.RsvpYes, "I can come", session.Id)) with { Shown = ShowsSessions([session]) };
        }

        return AnswerReply(await sessions.RsvpAsync(actor, session.Id.ToString(), yes, cancellationToken));
    }

    private static ChatReply AlreadyGoing(SessionSummary session) =>
        Done(session.MyAnswer == Answer.Waitlisted ? $"You're already on the waitlist for {Format.Label(session)}." : $"You're already going to {Format.Label(session)}.",
            ReplyCards.Session(CardActions.RsvpNo, "Can't make it", session.Id)) with { Shown = ShowsSessions([session]) };

    /// <summary>No open invitation and nothing to change: what is true, and where to look.</summary>
    private static ChatReply NothingToAnswer(SessionSummary? going) => going is not null
        ? AlreadyGoing(going)
        : Done("Nothing is waiting for your answer right now.", SeeSessions);

    private static CardAction SeeSessions => new(CardActions.ShowSessions, "Sessions");

    private static ChatReply WhichOne(bool yes, IReadOnlyList<SessionSummary> candidates) => new()
    {
        Cards = [ReplyCards.WhichOne(yes ? CardActions.RsvpYes : CardActions.RsvpNo, candidates)],
        Private = true,
        Shown = ShowsSessions(candidates),
    };

    /// <summary>The one session a question without a name is about: the one in context, else the person's next one.</summary>
    private async Task<SessionSummary?> SessionInContextAsync(Actor actor, ChatTurn turn, CancellationToken cancellationToken)
    {
        var inContext = await SessionsInContextAsync(actor, turn, cancellationToken);
        if (inContext.Count > 0)
        {
            return inContext[0];
        }

        var mine = await sessions.MySessionsAsync(actor, cancellationToken);
        return mine.FirstOrDefault(s => s.MyAnswer is Answer.Yes or Answer.Waitlisted) ?? (mine.Count == 1 ? mine[0] : null);
    }

    /// <summary>"who's in it?": the network in context, or the network of the session in context.</summary>
    private async Task<string?> NetworkInContextAsync(Actor actor, ChatTurn turn, CancellationToken cancellationToken)
    {
        var shown = await RecallAsync(actor, turn, cancellationToken);
        if (shown.Networks.Count > 0)
        {
            return shown.Networks[0];
        }

        return (await SessionInContextAsync(actor, turn, cancellationToken))?.NetworkHandle;
    }

    /// <summary>"where is it?", "when is it?", "what's the agenda?": one or two lines about the session in context.</summary>
    private async Task<ChatReply> AboutSessionInContextAsync(Actor actor, ChatTurn turn, bool agenda, CancellationToken cancellationToken)
    {
        if (await SessionInContextAsync(actor, turn, cancellationToken) is not { } session)
        {
            return Done("You have no session coming up.", SeeSessions);
        }

        var line = agenda
            ? session.Agenda is { Length: > 0 } text ? $"{Format.Label(session)}: {UserText.Clip(text)}" : $"{Format.Label(session)} has no agenda yet."
            : $"{session.Title}: {Format.When(session)}" + (Format.Where(session) is { } where ? $", {where}." : ".");
        return new ChatReply
        {
            Cards = [ReplyCards.Done(line, ReplyCards.Session(CardActions.ShowSession, "Details", session.Id))],
            Private = true,
            Shown = ShowsSessions([session]),
        };
    }
}
