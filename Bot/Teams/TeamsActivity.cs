using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CoPBot.Bot.Teams;

/// <summary>
/// A Bot Framework activity (protocol v3) as Teams sends it and as the bot posts it back.
/// Only the fields CoPBot reads or writes are modelled; unknown fields are ignored on input.
/// See https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#activity-object
/// </summary>
internal sealed record TeamsActivity
{
    public string? Type { get; init; }

    public string? Id { get; init; }

    /// <summary>For invoke activities: the operation, e.g. <c>adaptiveCard/action</c>.</summary>
    public string? Name { get; init; }

    public string? Action { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public DateTimeOffset? LocalTimestamp { get; init; }

    /// <summary>The IANA zone of the client, sent by Teams next to <see cref="LocalTimestamp"/>.</summary>
    public string? LocalTimezone { get; init; }

    public string? ServiceUrl { get; init; }

    public string? ChannelId { get; init; }

    public ChannelAccount? From { get; init; }

    public ConversationAccount? Conversation { get; init; }

    public ChannelAccount? Recipient { get; init; }

    public string? TextFormat { get; init; }

    public string? AttachmentLayout { get; init; }

    public string? Text { get; init; }

    public string? Locale { get; init; }

    public IReadOnlyList<Attachment>? Attachments { get; init; }

    public IReadOnlyList<Entity>? Entities { get; init; }

    public TeamsChannelData? ChannelData { get; init; }

    public string? ReplyToId { get; init; }

    /// <summary>Action.Submit data (a <c>message</c>) or the invoke payload (an <c>invoke</c>).</summary>
    public JsonElement? Value { get; init; }

    public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }

    public IReadOnlyList<ChannelAccount>? MembersRemoved { get; init; }
}

/// <summary>A user or bot in a conversation.</summary>
internal sealed record ChannelAccount
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? AadObjectId { get; init; }
}

/// <summary>The conversation an activity belongs to.</summary>
internal sealed record ConversationAccount
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    /// <summary><c>personal</c>, <c>groupChat</c> or <c>channel</c>.</summary>
    public string? ConversationType { get; init; }

    public bool? IsGroup { get; init; }

    public string? TenantId { get; init; }
}

/// <summary>A card or file attached to an activity. Content is an Adaptive Card object for cards.</summary>
internal sealed record Attachment
{
    public required string ContentType { get; init; }

    public JsonNode? Content { get; init; }
}

/// <summary>
/// An activity entity: <c>mention</c> (with <see cref="Mentioned"/> and <see cref="Text"/>) or <c>clientInfo</c>
/// (with <see cref="Locale"/>, <see cref="Timezone"/>). One flat record, as the wire has one flat object.
/// </summary>
internal sealed record Entity
{
    public string? Type { get; init; }

    public ChannelAccount? Mentioned { get; init; }

    public string? Text { get; init; }

    public string? Locale { get; init; }

    public string? Country { get; init; }

    public string? Platform { get; init; }

    public string? Timezone { get; init; }
}

/// <summary>Teams' channelData: tenant, team and channel of the conversation.</summary>
internal sealed record TeamsChannelData
{
    public TenantInfo? Tenant { get; init; }

    public TeamInfo? Team { get; init; }

    public ChannelInfo? Channel { get; init; }

    public string? EventType { get; init; }

    public TeamsChannelSettings? Settings { get; init; }
}

internal sealed record TenantInfo(string? Id);

internal sealed record TeamInfo
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? AadGroupId { get; init; }
}

internal sealed record ChannelInfo
{
    public string? Id { get; init; }

    public string? Name { get; init; }
}

internal sealed record TeamsChannelSettings(ChannelInfo? SelectedChannel);

/// <summary>The <c>value</c> of an <c>adaptiveCard/action</c> invoke (Universal Actions).</summary>
internal sealed record AdaptiveCardInvokeValue
{
    public AdaptiveCardInvokeAction? Action { get; init; }

    /// <summary><c>manual</c> (clicked) or <c>automatic</c> (refresh).</summary>
    public string? Trigger { get; init; }
}

internal sealed record AdaptiveCardInvokeAction
{
    public string? Type { get; init; }

    public string? Id { get; init; }

    public string? Verb { get; init; }

    /// <summary>The action's data merged with the card's input values.</summary>
    public JsonElement? Data { get; init; }
}

/// <summary>The HTTP 200 body answering an <c>adaptiveCard/action</c> invoke.</summary>
internal sealed record AdaptiveCardInvokeResponse
{
    public const string CardType = "application/vnd.microsoft.card.adaptive";
    public const string MessageType = "application/vnd.microsoft.activity.message";

    public required int StatusCode { get; init; }

    public required string Type { get; init; }

    /// <summary>An Adaptive Card object, or a message string.</summary>
    public required JsonNode Value { get; init; }
}

/// <summary>The body of <c>POST /v3/conversations</c>: start a conversation (a 1:1 chat for a proactive message).</summary>
internal sealed record ConversationParameters
{
    public bool IsGroup { get; init; }

    public ChannelAccount? Bot { get; init; }

    public IReadOnlyList<ChannelAccount>? Members { get; init; }

    public string? TopicName { get; init; }

    public string? TenantId { get; init; }

    /// <summary>The first message; posting a new thread in a channel uses it.</summary>
    public TeamsActivity? Activity { get; init; }

    public TeamsChannelData? ChannelData { get; init; }
}

/// <summary>The connector's answer to <c>POST /v3/conversations</c>.</summary>
internal sealed record ConversationResourceResponse
{
    public string? Id { get; init; }

    public string? ActivityId { get; init; }

    public string? ServiceUrl { get; init; }
}

/// <summary>The connector's answer when it stored an activity.</summary>
internal sealed record ResourceResponse(string? Id);

/// <summary>A member as <c>GET /v3/conversations/{id}/members</c> lists it.</summary>
internal sealed record TeamsChannelAccount
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? AadObjectId { get; init; }

    public string? ObjectId { get; init; }

    public string? TenantId { get; init; }
}

/// <summary>
/// What CoPBot keeps to reach a conversation later without being spoken to (stored as ChatAddress.Data).
/// Shaped like the SDK's ConversationReference.
/// </summary>
internal sealed record TeamsConversationReference
{
    public required string ServiceUrl { get; init; }

    public required ConversationAccount Conversation { get; init; }

    public required ChannelAccount Bot { get; init; }

    public ChannelAccount? User { get; init; }

    public string? TenantId { get; init; }

    public string ChannelId { get; init; } = "msteams";
}

/// <summary>The connector's error body.</summary>
internal sealed record ErrorResponse(ConnectorError? Error);

internal sealed record ConnectorError(string? Code, string? Message);

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TeamsActivity))]
[JsonSerializable(typeof(AdaptiveCardInvokeValue))]
[JsonSerializable(typeof(AdaptiveCardInvokeResponse))]
[JsonSerializable(typeof(ConversationParameters))]
[JsonSerializable(typeof(ConversationResourceResponse))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(IReadOnlyList<TeamsChannelAccount>))]
[JsonSerializable(typeof(TeamsConversationReference))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class TeamsJsonContext : JsonSerializerContext;
