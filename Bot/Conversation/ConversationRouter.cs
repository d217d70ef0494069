using CoPBot.Bot.Delivery;
using CoPBot.Bot.OrganizerPage;
using CoPBot.Cards;
using CoPBot.Cards.Builders;
using CoPBot.Cards.Views;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Storage;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot.Conversation;

/// <summary>
/// The one path every platform takes: a turn becomes a command or a card action, the services apply the rules,
/// and the answer comes back as text and card views. Refusals by the rules come back as friendly text; nothing
/// here ever shows a stack trace.
/// </summary>
internal sealed partial class ConversationRouter(
    PeopleService people,
    NetworkService networks,
    SessionService sessions,
    RosterService rosters,
    CheckInService checkIns,
    HelpTopicService helpTopics,
    IntroductionService introductions,
    DataRightsService dataRights,
    TurnLedger ledger,
    ConversationMemory memory,
    TimeProvider clock,
    IOptions<BotOptions> options,
    IEnumerable<IChatSender> senders,
    OrganizerSignInLinks organizerLinks,
    ILogger<ConversationRouter> logger) : IConversationRouter
{
    private Uri? CalendarBase => options.Value.PublicBaseUrl;

    /// <summary>
    /// Handles a turn once. Its ledger entry and all its effects commit together, so a turn that fails half-way leaves
    /// nothing behind and the platform's redelivery does the work (once); a redelivery of a completed turn changes
    /// nothing. A transient storage failure is thrown on, for the endpoint to answer 503 so that the platform retries.
    /// </summary>
    public async Task<ChatReply> HandleAsync(ChatTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var user = turn.User;
        // A refresh only reads (every reader's client asks for it whenever the card comes into view): nothing to record.
        var ledgerKey = turn.TurnId is { Length: > 0 } turnId && turn.Action?.Verb != CardActions.RefreshView ? $"{user.Channel}:{user.TenantId}:{turnId}" : null;
        try
        {
            var reply = await ledger.RunOnceAsync(ledgerKey, ct => HandleOnceAsync(turn, ct), cancellationToken);
            if (reply is null)
            {
                LogRedelivery(user.Channel);
                return ChatReply.Nothing;
            }

            return reply;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !StorageFaults.IsTransient(ex))
        {
            // Rolled back: nothing of the turn was kept, and the person is told so.
            LogTurnFailed(ex, user.Channel, turn.Action?.Verb ?? "text");
            return new ChatReply { Text = "Sorry, something went wrong on my side. Please try again in a moment.", Private = true };
        }
    }

    /// <summary>The turn's work inside its transaction; a refusal by the rules is an answer, and is kept as handled.</summary>
    private async Task<ChatReply> HandleOnceAsync(ChatTurn turn, CancellationToken cancellationToken)
    {
        var user = turn.User;
        try
        {
            var actor = await people.ResolveAsync(new AccountKey(user.Channel, user.TenantId, user.UserId), user.DisplayName, user.TimeZone, cancellationToken);
            var reply = turn.Action is { } action
                ? await HandleActionAsync(actor, turn, action, cancellationToken)
                : await HandleTextAsync(actor, turn, cancellationToken);
            return await RememberAsync(actor, turn, reply, cancellationToken);
        }
        catch (DomainException ex)
        {
            return new ChatReply { Text = ex.Message, Private = true };
        }
        catch (FormatException ex)
        {
            return new ChatReply { Text = ex.Message, Private = true };
        }
    }

    private async Task<ChatReply> HandleTextAsync(Actor actor, ChatTurn turn, CancellationToken cancellationToken)
    {
        if (TooLong(turn) is { } tooLong)
        {
            return tooLong;
        }

        // Everyday words first ("count me in", "who's going?"), then the grammar as typed, then "did you mean".
        string? suggestion = null;
        var understood = Understanding.Understand(turn.Text);
        if (understood?.Reply is { } reply)
        {
            LogUnderstood("reply");
            return new ChatReply { Text = reply, Private = true };
        }

        if (understood?.Command is { } command)
        {
            LogUnderstood(command.Spec.Name);
        }

        var parsed = understood?.Command ?? CommandGrammar.Parse(turn.Text, out suggestion);
        if (parsed is null)
        {
            var typed = CommandGrammar.Normalize(turn.Text);
            if (typed.Length == 0)
            {
                return ShortHelp();
            }

            return ChatReply.Say(suggestion is null
                ? $"I didn't understand \"{UserText.Clip(typed)}\". Type \"help\" to see what I can do."
                : $"I didn't understand \"{UserText.Clip(typed)}\". Did you mean \"{CommandGrammar.Commands.First(c => c.Words.Contains(suggestion)).Usage}\"? Type \"help\" for everything.");
        }

        return await CommandsByName[parsed.Spec.Name].Handle(this, new CommandCall(actor, turn, parsed.Arguments, parsed.Spec, cancellationToken));
    }

    /// <summary>The short help: the everyday commands in a few lines, and "More".</summary>
    private static ChatReply ShortHelp() =>
        Cards(PersonCards.ShortHelp(CommandGrammar.Commands.Where(c => c.Shown.HasFlag(Shown.ShortHelp)).Select(c => c.ToHelp()).ToList()));

    /// <summary>"help more": every command; the organizer commands only for organizers.</summary>
    private async Task<ChatReply> FullHelpAsync(Actor actor, CancellationToken cancellationToken)
    {
        var mine = await networks.MineAsync(actor, cancellationToken);
        return Cards(PersonCards.Help(CommandGrammar.Commands.Select(c => c.ToHelp()).ToList(), organizer: mine.Any(n => n.IsOrganizer)));
    }

    private static ChatReply Cards(params CardView[] cards) => new() { Cards = cards };

    /// <summary>A finished action: one line, only for the person, with the button that undoes it where one exists.</summary>
    private static ChatReply Done(string line, params CardAction[] undo) => new() { Cards = [ReplyCards.Done(line, undo)], Private = true };

    /// <summary>Who sees a card posted in the turn's conversation: its reader alone, or everyone in a group chat or channel.</summary>
    private static CardAudience Audience(ChatTurn turn) =>
        turn.Conversation.Kind == ChatConversationKind.Personal ? CardAudience.Reader : CardAudience.Shared;

    /// <summary>The argument a command needs, or a clear message with the right form.</summary>
    private static string Require(string args, CommandSpec spec) =>
        string.IsNullOrWhiteSpace(args) ? throw new DomainException($"Type it like this: {spec.Usage}") : args.Trim();

    private static string StripWords(string args, params string[] words)
    {
        var parts = args.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (parts.Count > 0 && words.Contains(parts[0], StringComparer.OrdinalIgnoreCase))
        {
            parts.RemoveAt(0);
        }

        return string.Join(' ', parts);
    }

    /// <summary>The short answer to a turn whose text or card input is over <see cref="ChatTurn.MaxTextLength"/>; null when it fits.</summary>
    private static ChatReply? TooLong(ChatTurn turn) =>
        turn.Text is { Length: > ChatTurn.MaxTextLength } || turn.Action?.Data.Values.Any(v => v.Length > ChatTurn.MaxTextLength) == true
            ? new ChatReply { Text = ChatTurn.TooLongReply, Private = true }
            : null;

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Ignored a redelivered turn on {Channel}")]
    private partial void LogRedelivery(string channel);

    [LoggerMessage(EventId = 1600, Level = LogLevel.Debug, Message = "Understood everyday words as {Command}")]
    private partial void LogUnderstood(string command);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "A turn failed on {Channel} ({Verb})")]
    private partial void LogTurnFailed(Exception exception, string channel, string verb);
}
