using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CoPBot.Bot.Conversation;
using CoPBot.Services.Addresses;

namespace CoPBot.Bot.Teams;

/// <summary>Translates Teams activities into platform-neutral turns and addresses. Pure functions, no I/O.</summary>
internal static partial class TeamsTurns
{
    public const string ChannelId = ChatChannels.Teams;

    public static string? TenantOf(TeamsActivity activity) =>
        NullIfEmpty(activity.ChannelData?.Tenant?.Id) ?? NullIfEmpty(activity.Conversation?.TenantId);

    public static ChatConversationKind KindOf(TeamsActivity activity)
    {
        switch (activity.Conversation?.ConversationType)
        {
            case "personal":
                return ChatConversationKind.Personal;
            case "groupChat":
                return ChatConversationKind.Group;
            case "channel":
                return ChatConversationKind.Channel;
        }

        // Older payloads carry no conversationType: a channel has channelData.channel, a group chat isGroup.
        if (activity.ChannelData?.Channel is not null || activity.ChannelData?.Team is not null)
        {
            return ChatConversationKind.Channel;
        }

        return activity.Conversation?.IsGroup == true ? ChatConversationKind.Group : ChatConversationKind.Personal;
    }

    /// <summary>The conversation id without the thread suffix Teams adds in channels (<c>;messageid=...</c>).</summary>
    public static string BaseConversationId(string? conversationId)
    {
        if (string.IsNullOrEmpty(conversationId))
        {
            return "";
        }

        var thread = conversationId.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        return thread < 0 ? conversationId : conversationId[..thread];
    }

    /// <summary>The client's time zone: clientInfo's <c>timezone</c>, else <c>localTimezone</c>.</summary>
    public static string? TimeZoneOf(TeamsActivity activity) =>
        activity.Entities?.FirstOrDefault(e => e.Type == "clientInfo" && !string.IsNullOrWhiteSpace(e.Timezone))?.Timezone
        ?? NullIfEmpty(activity.LocalTimezone);

    public static ChatUser UserOf(TeamsActivity activity) => new(
        ChannelId,
        TenantOf(activity) ?? "",
        activity.From?.Id ?? "",
        NullIfEmpty(activity.From?.Name) ?? "Teams user",
        TimeZoneOf(activity));

    public static ChatConversation ConversationOf(TeamsActivity activity)
    {
        var kind = KindOf(activity);
        var name = NullIfEmpty(activity.Conversation?.Name)
            ?? NullIfEmpty(activity.ChannelData?.Channel?.Name)
            ?? NullIfEmpty(activity.ChannelData?.Team?.Name);
        return new ChatConversation(BaseConversationId(activity.Conversation?.Id), kind, ChatIds.ClipName(name));
    }

    /// <summary>
    /// Why an activity cannot be a real one, or null when it can: an id or service URL longer than CoPBot stores or
    /// with control characters, or a null inside a list. Checked at the door, before anything touches storage.
    /// </summary>
    public static string? Malformed(TeamsActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (HasNull(activity.Entities) || HasNull(activity.Attachments) || HasNull(activity.MembersAdded) || HasNull(activity.MembersRemoved))
        {
            return "a list holds a null";
        }

        if (activity.Type is "message" or "invoke" && string.IsNullOrWhiteSpace(activity.From?.Id))
        {
            // A turn is always someone's: without from.id every such turn would be one shared, nameless person.
            return "a message without from.id";
        }

        var members = (activity.MembersAdded ?? []).Concat(activity.MembersRemoved ?? []);
        return ChatIds.FirstUnacceptable(
            (activity.Id, ChatIds.MaxTurnIdLength, "id"),
            (activity.ReplyToId, ChatIds.MaxConversationIdLength, "replyToId"),
            (activity.ServiceUrl, ChatIds.MaxServiceUrlLength, "serviceUrl"),
            (activity.From?.Id, ChatIds.MaxUserIdLength, "from.id"),
            (activity.From?.AadObjectId, ChatIds.MaxUserIdLength, "from.aadObjectId"),
            (activity.Recipient?.Id, ChatIds.MaxUserIdLength, "recipient.id"),
            (activity.Conversation?.Id, ChatIds.MaxConversationIdLength, "conversation.id"),
            (activity.Conversation?.TenantId, ChatIds.MaxTenantIdLength, "conversation.tenantId"),
            (activity.ChannelData?.Tenant?.Id, ChatIds.MaxTenantIdLength, "channelData.tenant.id"),
            (activity.ChannelData?.Team?.Id, ChatIds.MaxConversationIdLength, "channelData.team.id"),
            (activity.ChannelData?.Channel?.Id, ChatIds.MaxConversationIdLength, "channelData.channel.id"),
            (members.FirstOrDefault(m => !ChatIds.IsAcceptable(m.Id, ChatIds.MaxUserIdLength))?.Id, ChatIds.MaxUserIdLength, "a member id"));
    }

    /// <summary>A text turn, or null when the message has nothing to say after removing the bot's mention.</summary>
    public static ChatTurn? TextTurn(TeamsActivity activity)
    {
        var text = CleanText(activity);
        return string.IsNullOrEmpty(text)
            ? null
            : new ChatTurn { User = UserOf(activity), Conversation = ConversationOf(activity), Text = text, TurnId = activity.Id };
    }

    public static ChatTurn ActionTurn(TeamsActivity activity, ChatAction action) =>
        new() { User = UserOf(activity), Conversation = ConversationOf(activity), Action = action, TurnId = activity.Id };

    /// <summary>
    /// The message text as the person meant it: the bot's @mention removed, other mentions as "@Name", HTML
    /// entities (&amp;nbsp; and friends) decoded, whitespace collapsed.
    /// </summary>
    public static string CleanText(TeamsActivity activity)
    {
        var text = activity.Text ?? "";
        var botId = activity.Recipient?.Id;
        foreach (var mention in activity.Entities ?? [])
        {
            if (mention.Type == "mention" && !string.IsNullOrEmpty(mention.Text)
                && string.Equals(mention.Mentioned?.Id, botId, StringComparison.OrdinalIgnoreCase))
            {
                text = text.Replace(mention.Text, " ", StringComparison.Ordinal);
            }
        }

        text = MentionTag().Replace(text, m => "@" + m.Groups[1].Value);
        text = WebUtility.HtmlDecode(text).Replace('\u00A0', ' ');
        return Whitespace().Replace(text, " ").Trim();
    }

    /// <summary>
    /// An Action.Submit / messageBack payload: the verb (key "verb") and the other values flattened to strings.
    /// Null when the value carries no verb.
    /// </summary>
    public static ChatAction? SubmitAction(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("verb", out var verb) || verb.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(verb.GetString()))
        {
            return null;
        }

        return new ChatAction(verb.GetString()!, Flatten(value, skipVerb: true));
    }

    /// <summary>An Action.Execute invoke: the verb and its data (already merged with the inputs by the client).</summary>
    public static ChatAction? ExecuteAction(AdaptiveCardInvokeValue? value)
    {
        var verb = value?.Action?.Verb;
        if (string.IsNullOrWhiteSpace(verb))
        {
            return null;
        }

        var data = value!.Action!.Data is { ValueKind: JsonValueKind.Object } element
            ? Flatten(element, skipVerb: false)
            : new Dictionary<string, string>();
        return new ChatAction(verb, data);
    }

    /// <summary>The address to remember for proactive messages to this conversation.</summary>
    public static ChatAddress AddressOf(TeamsActivity activity)
    {
        var kind = KindOf(activity);
        var tenantId = TenantOf(activity) ?? "";
        var conversationId = BaseConversationId(activity.Conversation?.Id);
        var reference = new TeamsConversationReference
        {
            ServiceUrl = activity.ServiceUrl ?? "",
            Conversation = new ConversationAccount
            {
                Id = conversationId,
                ConversationType = activity.Conversation?.ConversationType,
                IsGroup = activity.Conversation?.IsGroup,
                TenantId = tenantId,
            },
            Bot = new ChannelAccount { Id = activity.Recipient?.Id, Name = activity.Recipient?.Name },
            User = kind == ChatConversationKind.Personal
                ? new ChannelAccount { Id = activity.From?.Id, Name = activity.From?.Name, AadObjectId = activity.From?.AadObjectId }
                : null,
            TenantId = tenantId,
        };
        var name = kind == ChatConversationKind.Personal
            ? activity.From?.Name
            : NullIfEmpty(activity.ChannelData?.Team?.Name) ?? activity.Conversation?.Name;
        return new ChatAddress(
            ChannelId,
            tenantId,
            conversationId,
            kind switch
            {
                ChatConversationKind.Personal => ChatAddressKind.Personal,
                ChatConversationKind.Group => ChatAddressKind.Group,
                _ => ChatAddressKind.Channel,
            },
            kind == ChatConversationKind.Personal ? activity.From?.Id : null,
            activity.ServiceUrl,
            ChatIds.ClipName(name),
            JsonSerializer.Serialize(reference, TeamsJsonContext.Default.TeamsConversationReference));
    }

    public static TeamsConversationReference? ReferenceOf(ChatAddress address)
    {
        if (string.IsNullOrEmpty(address.Data))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(address.Data, TeamsJsonContext.Default.TeamsConversationReference);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Dictionary<string, string> Flatten(JsonElement value, bool skipVerb)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (skipVerb && property.NameEquals("verb"))
            {
                continue;
            }

            data[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString() ?? "",
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Null or JsonValueKind.Undefined => "",
                JsonValueKind.Number => property.Value.GetRawText(),
                _ => property.Value.GetRawText(),
            };
        }

        return data;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool HasNull<T>(IReadOnlyList<T>? list)
        where T : class => list?.Any(item => item is null) == true;

    // Non-backtracking: linear in the text, so no input can make them slow (200 kB of "<at>" took seconds before).
    [GeneratedRegex("<at[^>]*>(.*?)</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex MentionTag();

    [GeneratedRegex(@"\s+", RegexOptions.NonBacktracking)]
    private static partial Regex Whitespace();
}
