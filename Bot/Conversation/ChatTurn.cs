namespace CoPBot.Bot.Conversation;

/// <summary>
/// One platform-neutral turn: who spoke, where, and either text or a card action. Teams, Slack and the console
/// translate their payloads into this; nothing below the router sees a platform type.
/// </summary>
public sealed record ChatTurn
{
    /// <summary>
    /// The longest text (and card input value) the router reads. Longer input gets a short answer and is neither parsed
    /// nor echoed. Room for a full "schedule" with agenda and preparation (1,500 characters each).
    /// </summary>
    public const int MaxTextLength = 4_000;

    /// <summary>The answer to a turn over <see cref="MaxTextLength"/>.</summary>
    public static readonly string TooLongReply = string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"That's a long message; I read commands of up to {MaxTextLength:N0} characters. Type \"help\" to see what I can do.");

    public required ChatUser User { get; init; }

    public required ChatConversation Conversation { get; init; }

    /// <summary>What the person typed, with any mention of the bot already removed.</summary>
    public string? Text { get; init; }

    /// <summary>A card button or form submit.</summary>
    public ChatAction? Action { get; init; }

    /// <summary>A platform id for the turn (activity id, event id) used to make redeliveries harmless.</summary>
    public string? TurnId { get; init; }
}

/// <param name="Channel">"msteams", "slack" or "console" (see <see cref="ChatChannels"/>).</param>
/// <param name="TenantId">Teams tenant, Slack workspace (team id), or "local" for the console.</param>
/// <param name="UserId">The platform's stable user id (Teams aadObjectId or 29:..., Slack U...).</param>
/// <param name="TimeZone">An IANA or Windows zone from the client, used only when the person set none.</param>
public sealed record ChatUser(string Channel, string TenantId, string UserId, string DisplayName, string? TimeZone = null);

/// <param name="Id">The platform conversation id (Teams conversation id, Slack channel id).</param>
public sealed record ChatConversation(string Id, ChatConversationKind Kind, string? Name = null);

public enum ChatConversationKind
{
    Personal,
    Group,
    Channel,
}

/// <param name="Verb">One of <see cref="CoPBot.Cards.CardActions"/>.</param>
/// <param name="Data">The action's data merged with form input values, by input id.</param>
public sealed record ChatAction(string Verb, IReadOnlyDictionary<string, string> Data);

public static class ChatChannels
{
    public const string Teams = "msteams";
    public const string Slack = "slack";
    public const string Console = "console";
}
