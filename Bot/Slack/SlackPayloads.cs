using CoPBot.Cards.Rendering.BlockKit;

namespace CoPBot.Bot.Slack;

// Inbound payloads. Only the fields CoPBot reads are declared; the serializer ignores the rest.

/// <summary>The Events API envelope (<see href="https://docs.slack.dev/apis/events-api/"/>): url_verification or event_callback.</summary>
internal sealed record SlackEventEnvelope
{
    public const string UrlVerification = "url_verification";
    public const string EventCallback = "event_callback";

    public required string Type { get; init; }

    public string? Challenge { get; init; }

    public string? TeamId { get; init; }

    public string? ApiAppId { get; init; }

    public SlackEvent? Event { get; init; }

    public string? EventId { get; init; }

    public long? EventTime { get; init; }

    public IReadOnlyList<SlackAuthorization>? Authorizations { get; init; }
}

/// <summary>The inner event: app_mention, message (channel_type im) or app_home_opened.</summary>
internal sealed record SlackEvent
{
    public const string AppMention = "app_mention";
    public const string Message = "message";
    public const string AppHomeOpened = "app_home_opened";

    public required string Type { get; init; }

    public string? User { get; init; }

    public string? Text { get; init; }

    public string? Ts { get; init; }

    public string? ThreadTs { get; init; }

    public string? Channel { get; init; }

    public string? ChannelType { get; init; }

    public string? EventTs { get; init; }

    /// <summary>message_changed, bot_message, ...: anything but a person's new message.</summary>
    public string? Subtype { get; init; }

    public string? BotId { get; init; }

    /// <summary>app_home_opened: "home" or "messages".</summary>
    public string? Tab { get; init; }
}

internal sealed record SlackAuthorization
{
    public string? TeamId { get; init; }

    public string? UserId { get; init; }

    public bool IsBot { get; init; }
}

/// <summary>The url_verification answer.</summary>
internal sealed record SlackChallengeResponse(string Challenge);

/// <summary>A slash command, sent form-encoded (<see href="https://docs.slack.dev/interactivity/implementing-slash-commands"/>).</summary>
internal sealed record SlackSlashCommand
{
    public required string TeamId { get; init; }

    public required string UserId { get; init; }

    public required string ChannelId { get; init; }

    public string? UserName { get; init; }

    public string? ChannelName { get; init; }

    public string? Command { get; init; }

    public string Text { get; init; } = string.Empty;

    public string? ResponseUrl { get; init; }

    public string? TriggerId { get; init; }

    public string? ApiAppId { get; init; }

    /// <summary>Reads the form fields; null when a required one is missing.</summary>
    public static SlackSlashCommand? FromForm(IReadOnlyDictionary<string, string> form)
    {
        string? Get(string key) => form.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value) ? value : null;
        var teamId = Get("team_id");
        var userId = Get("user_id");
        var channelId = Get("channel_id");
        if (teamId is null || userId is null || channelId is null)
        {
            return null;
        }

        return new SlackSlashCommand
        {
            TeamId = teamId,
            UserId = userId,
            ChannelId = channelId,
            UserName = Get("user_name"),
            ChannelName = Get("channel_name"),
            Command = Get("command"),
            Text = Get("text") ?? string.Empty,
            ResponseUrl = Get("response_url"),
            TriggerId = Get("trigger_id"),
            ApiAppId = Get("api_app_id"),
        };
    }
}

/// <summary>An interaction payload (the JSON in the form field "payload"): block_actions or view_submission.</summary>
internal sealed record SlackInteraction
{
    public const string BlockActions = "block_actions";
    public const string ViewSubmission = "view_submission";

    public required string Type { get; init; }

    public SlackTeamRef? Team { get; init; }

    public required SlackUserRef User { get; init; }

    public string? ApiAppId { get; init; }

    public string? TriggerId { get; init; }

    public SlackContainer? Container { get; init; }

    public SlackChannelRef? Channel { get; init; }

    public SlackMessageRef? Message { get; init; }

    public string? ResponseUrl { get; init; }

    public IReadOnlyList<SlackAction>? Actions { get; init; }

    public SlackState? State { get; init; }

    public SlackViewPayload? View { get; init; }
}

internal sealed record SlackTeamRef(string Id);

internal sealed record SlackUserRef
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public string? Username { get; init; }

    public string? TeamId { get; init; }
}

internal sealed record SlackChannelRef(string Id, string? Name = null);

/// <summary>Where the clicked element lives: a message (channel_id, message_ts) or a view (view_id).</summary>
internal sealed record SlackContainer
{
    public string? Type { get; init; }

    public string? MessageTs { get; init; }

    public string? ChannelId { get; init; }

    public bool? IsEphemeral { get; init; }

    public string? ViewId { get; init; }
}

internal sealed record SlackMessageRef
{
    public string? Ts { get; init; }

    public string? ThreadTs { get; init; }
}

/// <summary>One acted-on element of block_actions.</summary>
internal sealed record SlackAction
{
    public required string ActionId { get; init; }

    public string? BlockId { get; init; }

    public string? Type { get; init; }

    public string? Value { get; init; }

    public SlackOption? SelectedOption { get; init; }

    public string? SelectedDate { get; init; }

    public string? SelectedTime { get; init; }

    public string? ActionTs { get; init; }
}

internal sealed record SlackOption
{
    public string? Value { get; init; }
}

/// <summary>Input values by block_id, then action_id.</summary>
internal sealed record SlackState
{
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, SlackStateValue>> Values { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, SlackStateValue>>();
}

internal sealed record SlackStateValue
{
    public string? Type { get; init; }

    public string? Value { get; init; }

    public SlackOption? SelectedOption { get; init; }

    public IReadOnlyList<SlackOption>? SelectedOptions { get; init; }

    public string? SelectedDate { get; init; }

    public string? SelectedTime { get; init; }

    public string? SelectedUser { get; init; }

    public string? SelectedConversation { get; init; }
}

/// <summary>The submitted view of view_submission.</summary>
internal sealed record SlackViewPayload
{
    public string? Id { get; init; }

    public string? TeamId { get; init; }

    public string? Type { get; init; }

    public string? CallbackId { get; init; }

    public string? PrivateMetadata { get; init; }

    public string? Hash { get; init; }

    public SlackState? State { get; init; }
}

// Outbound bodies.

/// <summary>A message posted to a response_url (<see href="https://docs.slack.dev/interactivity/handling-user-interaction#message_responses"/>).</summary>
internal sealed record SlackResponseMessage
{
    public const string Ephemeral = "ephemeral";
    public const string InChannel = "in_channel";

    public string? Text { get; init; }

    public IReadOnlyList<Block>? Blocks { get; init; }

    public string? ResponseType { get; init; }

    public bool? ReplaceOriginal { get; init; }
}

/// <summary>The HTTP answer to view_submission: field errors, an updated view, or nothing (close).</summary>
internal sealed record SlackViewSubmissionResponse
{
    public required string ResponseAction { get; init; }

    public IReadOnlyDictionary<string, string>? Errors { get; init; }

    public BlockKitView? View { get; init; }
}

// Web API requests and responses (https://docs.slack.dev/reference/methods).

internal sealed record ChatPostMessageRequest
{
    public required string Channel { get; init; }

    public required string Text { get; init; }

    public IReadOnlyList<Block>? Blocks { get; init; }

    public string? ThreadTs { get; init; }

    public bool UnfurlLinks { get; init; }

    public bool UnfurlMedia { get; init; }

    /// <summary>Invisible to people; CoPBot tags a delivery with its outbox row so it can be found after a crash.</summary>
    public SlackMessageMetadata? Metadata { get; init; }
}

/// <summary>
/// Message metadata (<see href="https://docs.slack.dev/messaging/message-metadata"/>): an event type (letters, digits,
/// underscores and hyphens; an invalid one is ignored with a warning) and a free-form payload. Other apps in the
/// workspace can read it, so it carries only an opaque id, never personal data.
/// </summary>
internal sealed record SlackMessageMetadata(string EventType, SlackDeliveryPayload EventPayload)
{
    /// <summary>The event type of the tag on every message delivery posts for an outbox row.</summary>
    public const string DeliveryEventType = "copbot_delivery";

    public static SlackMessageMetadata? ForDelivery(Guid? outboxId) =>
        outboxId is { } id ? new(DeliveryEventType, new SlackDeliveryPayload(id.ToString("N"))) : null;
}

/// <summary>The payload of a copbot_delivery tag: the outbox row id (32 hex digits).</summary>
internal sealed record SlackDeliveryPayload(string OutboxId);

internal sealed record ChatUpdateRequest
{
    public required string Channel { get; init; }

    public required string Ts { get; init; }

    public required string Text { get; init; }

    public IReadOnlyList<Block>? Blocks { get; init; }
}

internal sealed record ChatPostEphemeralRequest
{
    public required string Channel { get; init; }

    public required string User { get; init; }

    public required string Text { get; init; }

    public IReadOnlyList<Block>? Blocks { get; init; }

    public string? ThreadTs { get; init; }
}

internal sealed record ConversationsOpenRequest(string Users);

internal sealed record ConversationsJoinRequest(string Channel);

internal sealed record ViewsOpenRequest(string TriggerId, BlockKitView View);

internal sealed record ViewsUpdateRequest(string ViewId, BlockKitView View)
{
    public string? Hash { get; init; }
}

internal sealed record ViewsPublishRequest(string UserId, BlockKitView View);

/// <summary>Every Web API answer: ok, or ok:false with an error code.</summary>
internal record SlackApiResponse
{
    public bool Ok { get; init; }

    public string? Error { get; init; }

    public string? Warning { get; init; }
}

internal sealed record ChatMessageResponse : SlackApiResponse
{
    public string? Channel { get; init; }

    public string? Ts { get; init; }

    public string? MessageTs { get; init; }
}

internal sealed record ConversationsOpenResponse : SlackApiResponse
{
    public SlackChannelRef? Channel { get; init; }
}

/// <summary>conversations.join (<see href="https://docs.slack.dev/reference/methods/conversations.join"/>): warning "already_in_channel" when it was.</summary>
internal sealed record ConversationsJoinResponse : SlackApiResponse
{
    public SlackChannelRef? Channel { get; init; }
}

/// <summary>
/// A page of conversations.history (<see href="https://docs.slack.dev/reference/methods/conversations.history"/>),
/// newest first; <see cref="HasMore"/> with a next_cursor when older messages in the range remain.
/// </summary>
internal sealed record ConversationsHistoryResponse : SlackApiResponse
{
    public IReadOnlyList<SlackHistoryMessage>? Messages { get; init; }

    public bool HasMore { get; init; }

    public SlackResponseMetadata? ResponseMetadata { get; init; }
}

internal sealed record SlackResponseMetadata
{
    public string? NextCursor { get; init; }
}

/// <summary>One message of a history page: who posted it (an app's message carries bot_id, and app_id when Slack includes it) and its metadata.</summary>
internal sealed record SlackHistoryMessage
{
    public string? Type { get; init; }

    public string? Subtype { get; init; }

    public string? User { get; init; }

    public string? BotId { get; init; }

    public string? AppId { get; init; }

    public string? Ts { get; init; }

    public SlackReceivedMetadata? Metadata { get; init; }
}

/// <summary>Metadata as read back: any app's, so the payload stays raw JSON rather than failing the whole page on a shape CoPBot did not write.</summary>
internal sealed record SlackReceivedMetadata
{
    public string? EventType { get; init; }

    public System.Text.Json.JsonElement? EventPayload { get; init; }
}

internal sealed record ViewResponse : SlackApiResponse
{
    public SlackViewRef? View { get; init; }
}

internal sealed record SlackViewRef
{
    public string? Id { get; init; }

    public string? Hash { get; init; }
}

internal sealed record TeamInfoResponse : SlackApiResponse
{
    public SlackTeamInfo? Team { get; init; }
}

internal sealed record SlackTeamInfo
{
    public string? Id { get; init; }

    public string? Name { get; init; }
}

internal sealed record UsersInfoResponse : SlackApiResponse
{
    public SlackUserInfo? User { get; init; }
}

internal sealed record SlackUserInfo
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public string? RealName { get; init; }

    public string? Tz { get; init; }

    public bool? IsBot { get; init; }

    public bool? Deleted { get; init; }

    public SlackUserProfile? Profile { get; init; }
}

internal sealed record SlackUserProfile
{
    public string? DisplayName { get; init; }

    public string? RealName { get; init; }
}
