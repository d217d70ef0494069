using System.Text.Json.Serialization;

namespace CoPBot.Bot.Slack;

/// <summary>
/// Slack's wire format: snake_case names, nulls left out, generated at build time. A null (or a missing constructor
/// argument) where the records say a value is required fails the read, so a malformed payload is a 400, not a null
/// dereference later.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(SlackEventEnvelope))]
[JsonSerializable(typeof(SlackChallengeResponse))]
[JsonSerializable(typeof(SlackInteraction))]
[JsonSerializable(typeof(SlackResponseMessage))]
[JsonSerializable(typeof(SlackViewSubmissionResponse))]
[JsonSerializable(typeof(ChatPostMessageRequest))]
[JsonSerializable(typeof(ChatUpdateRequest))]
[JsonSerializable(typeof(ChatPostEphemeralRequest))]
[JsonSerializable(typeof(ConversationsOpenRequest))]
[JsonSerializable(typeof(ConversationsJoinRequest))]
[JsonSerializable(typeof(ConversationsJoinResponse))]
[JsonSerializable(typeof(ViewsOpenRequest))]
[JsonSerializable(typeof(ViewsUpdateRequest))]
[JsonSerializable(typeof(ViewsPublishRequest))]
[JsonSerializable(typeof(SlackApiResponse))]
[JsonSerializable(typeof(ChatMessageResponse))]
[JsonSerializable(typeof(ConversationsOpenResponse))]
[JsonSerializable(typeof(ConversationsHistoryResponse))]
[JsonSerializable(typeof(ViewResponse))]
[JsonSerializable(typeof(UsersInfoResponse))]
[JsonSerializable(typeof(TeamInfoResponse))]
internal sealed partial class SlackJsonContext : JsonSerializerContext;
