using System.Globalization;
using System.Text.Json;
using CoPBot.Bot.Conversation;
using CoPBot.Bot.Delivery;
using CoPBot.Cards.Rendering;
using CoPBot.Services.Addresses;
using CoPBot.Services.Views;

namespace CoPBot.Bot.Slack;

/// <summary>
/// Delivers a reply to a remembered Slack address: a person through their DM (conversations.open, cached), a channel
/// directly, always with a plain-text fallback and, for a delivery, tagged with its outbox row (message metadata).
/// Slack's answer decides what delivery does next: 429 → try again after Retry-After; an unknown or deactivated user
/// or channel → permanent, never retried.
/// </summary>
internal sealed class SlackChatSender(SlackWebApiClient client, SlackInstallations installations) : IChatSender
{
    private static readonly HashSet<string> PermanentErrors = new(StringComparer.Ordinal)
    {
        "user_not_found", "channel_not_found", "account_inactive", "user_disabled", "is_archived", "not_in_channel",
        "cannot_dm_bot", "invalid_auth", "not_authed", "token_revoked", "token_expired", "no_permission",
        "missing_scope", "team_access_not_granted", "restricted_action", "msg_too_long", "invalid_blocks",
        "invalid_arguments", "no_text", "workspace_not_installed", "user_is_bot", "ekm_access_denied",
    };

    /// <summary>How far before the send started the history is read: the instances' clocks and Slack's may differ.</summary>
    private static readonly TimeSpan LookBackMargin = TimeSpan.FromSeconds(60);

    private static readonly SendResult NotInstalled = new(false, Error: "workspace_not_installed", Permanent: true);

    /// <summary>A DM holds few messages in a few minutes; Slack may send fewer a page than asked (15 for some apps).</summary>
    private const int HistoryPageSize = 100;

    private const int MaxHistoryPages = 2;

    public string Channel => ChatChannels.Slack;

    public async Task<SendResult> SendAsync(ChatAddress address, ChatReply message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(message);
        var (conversation, failure) = await ResolveAsync(address, cancellationToken);
        if (conversation is null)
        {
            return failure!;
        }

        var cards = message.UpdatedCard is null ? message.Cards : [message.UpdatedCard, .. message.Cards];
        var rendered = BlockKitRenderer.RenderMessage(message.Text, cards);
        var posted = await client.PostMessageAsync(conversation.Workspace, new ChatPostMessageRequest
        {
            Channel = conversation.Channel,
            Text = rendered.Text,
            Blocks = rendered.Blocks.Count == 0 ? null : rendered.Blocks,
            Metadata = SlackMessageMetadata.ForDelivery(message.OutboxId),
        }, cancellationToken);
        return posted.Ok ? SendResult.Sent(posted.Response!.Ts) : Failure(posted.Error, posted.RetryAfter);
    }

    /// <summary>
    /// Reads the person's DM with the bot (conversations.history, im:history) from shortly before
    /// <paramref name="since"/> for a message this app tagged with the outbox row id. Every failure answers Unknown,
    /// and delivery then posts again: a duplicate invitation is better than a lost one.
    /// </summary>
    public async Task<SentLookup> FindSentAsync(ChatAddress address, Guid outboxId, DateTime since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);

        // Channel and group history needs channels:history, groups:history or mpim:history, which would let the bot
        // read every message there. CoPBot reads as little as it can and does not ask for them, so a channel post
        // cannot be checked: at-least-once at the crash boundary (docs/slack.md).
        if (address.Kind != ChatAddressKind.Personal)
        {
            return SentLookup.Unknown;
        }

        var (conversation, _) = await ResolveAsync(address, cancellationToken);
        if (conversation is null)
        {
            return SentLookup.Unknown;
        }

        var oldest = SlackTimestamp(since, LookBackMargin);
        string? cursor = null;
        for (var page = 0; page < MaxHistoryPages; page++)
        {
            // ok:false (missing_scope, channel_not_found, ...), an HTTP error or a 429 that outlasts the client's
            // retries: Slack did not answer the question.
            var history = await client.GetHistoryAsync(conversation.Workspace, conversation.Channel, oldest, HistoryPageSize, cursor, cancellationToken);
            if (!history.Ok)
            {
                return SentLookup.Unknown;
            }

            var response = history.Response!;
            if (response.Messages?.FirstOrDefault(m => IsDeliveryOf(m, outboxId, conversation.Workspace)) is { } sent)
            {
                return SentLookup.Found(sent.Ts);
            }

            if (!response.HasMore)
            {
                return SentLookup.NotFound;
            }

            cursor = response.ResponseMetadata?.NextCursor;
            if (string.IsNullOrEmpty(cursor))
            {
                return SentLookup.Unknown;
            }
        }

        // More messages in the range than the pages read: not seeing it there proves nothing.
        return SentLookup.Unknown;
    }

    /// <summary>
    /// Makes sure the bot can post in a channel before an announcement is promised there. conversations.join
    /// (channels:join) puts the bot in a public channel, or answers that it already is. A private channel cannot be
    /// joined: one the bot is in answers method_not_supported_for_channel_type, and one it is not in is hidden from it
    /// (channel_not_found), so the organizer is asked to invite it. When Slack does not say (an error, a rate limit, an
    /// installation from before channels:join), the announcement goes ahead: a post that fails is reported.
    /// </summary>
    public async Task<ChannelAccess> CheckChannelAsync(ChatAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var workspace = installations.Find(address.TenantId, SlackAddressData.AppIdOf(address.Data));
        if (workspace is null || address.Kind == ChatAddressKind.Personal)
        {
            return ChannelAccess.Yes;
        }

        var joined = await client.JoinConversationAsync(workspace, address.ConversationId, cancellationToken);
        return joined.Error switch
        {
            "channel_not_found" or "not_in_channel" => ChannelAccess.No(InviteFirst),
            "is_archived" => ChannelAccess.No("This channel is archived, so I can't post in it. Announce in another channel."),
            _ => ChannelAccess.Yes,
        };
    }

    private const string InviteFirst = "I can't post in this channel yet. Invite @CoPBot to this channel first (/invite @CoPBot), then announce again.";

    /// <summary>Slack's error codes for a channel post, in plain words.</summary>
    public (string Where, string Why) DescribeFailure(ChannelPostFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var where = string.IsNullOrEmpty(failure.ChannelName) ? "a channel" : "#" + failure.ChannelName.TrimStart('#');
        var why = failure.Error switch
        {
            "not_in_channel" or "channel_not_found" => "the bot isn't in that channel. Invite @CoPBot to it (/invite @CoPBot)",
            "is_archived" => "that channel is archived",
            "no_permission" or "restricted_action" or "missing_scope" or "ekm_access_denied" or "not_allowed_token_type"
                => "the bot isn't allowed to post there. A Slack admin can change that",
            "invalid_auth" or "not_authed" or "token_revoked" or "token_expired" or "account_inactive" or "workspace_not_installed" or "team_access_not_granted"
                => "CoPBot is no longer installed in that workspace",
            _ => "Slack refused the post",
        };
        return (where, why);
    }

    /// <summary>Replaces a posted message (chat.update with its ts): the organizer's progress card.</summary>
    public async Task<SendResult> UpdateAsync(ChatAddress address, string messageId, ChatReply message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentNullException.ThrowIfNull(message);
        var workspace = installations.Find(address.TenantId, SlackAddressData.AppIdOf(address.Data));
        if (workspace is null)
        {
            return NotInstalled;
        }

        if (string.IsNullOrEmpty(address.ConversationId))
        {
            return new SendResult(false, Error: "channel_not_found", Permanent: true);
        }

        var cards = message.UpdatedCard is null ? message.Cards : [message.UpdatedCard, .. message.Cards];
        var rendered = BlockKitRenderer.RenderMessage(message.Text, cards);
        var updated = await client.UpdateMessageAsync(workspace, new ChatUpdateRequest
        {
            Channel = address.ConversationId,
            Ts = messageId,
            Text = rendered.Text,
            Blocks = rendered.Blocks.Count == 0 ? null : rendered.Blocks,
        }, cancellationToken);
        return updated.Ok ? SendResult.Sent(messageId) : Failure(updated.Error, updated.RetryAfter);
    }

    /// <summary>
    /// The workspace and the conversation to post in: a channel as it is; a person through a remembered DM, or else
    /// conversations.open, whose tier-3 limit (about 50 a minute) would otherwise cap invitations to new recipients.
    /// </summary>
    private async Task<(SlackConversation? Conversation, SendResult? Failure)> ResolveAsync(ChatAddress address, CancellationToken cancellationToken)
    {
        var workspace = installations.Find(address.TenantId, SlackAddressData.AppIdOf(address.Data));
        if (workspace is null)
        {
            return (null, NotInstalled);
        }

        var channel = address.ConversationId;
        if (address.Kind != ChatAddressKind.Personal)
        {
            return (new SlackConversation(workspace, channel), null);
        }

        if (string.IsNullOrEmpty(address.UserId))
        {
            return (null, new SendResult(false, Error: "user_not_found", Permanent: true));
        }

        if (!string.IsNullOrEmpty(channel) && channel.StartsWith('D'))
        {
            return (new SlackConversation(workspace, channel), null);
        }

        var opened = await client.OpenDirectMessageAsync(workspace, address.UserId, cancellationToken);
        return opened.Ok
            ? (new SlackConversation(workspace, opened.Response!.Channel!.Id), null)
            : (null, Failure(opened.Error, opened.RetryAfter));
    }

    /// <summary>A message this app posted (bot_id, or the bot's own user id) tagged with the outbox row id.</summary>
    private static bool IsDeliveryOf(SlackHistoryMessage message, Guid outboxId, SlackWorkspace workspace) =>
        string.Equals(message.AppId ?? workspace.AppId, workspace.AppId, StringComparison.Ordinal)
        && (!string.IsNullOrEmpty(message.BotId) || (workspace.BotUserId is not null && string.Equals(message.User, workspace.BotUserId, StringComparison.Ordinal)))
        && message.Metadata is { EventType: SlackMessageMetadata.DeliveryEventType, EventPayload: { ValueKind: JsonValueKind.Object } payload }
        && payload.TryGetProperty("outbox_id", out var id)
        && id.ValueKind == JsonValueKind.String
        && Guid.TryParse(id.GetString(), out var tagged)
        && tagged == outboxId;

    /// <summary>A Slack ts ("seconds.micros") a margin before <paramref name="since"/>, for clocks that disagree a little.</summary>
    private static string SlackTimestamp(DateTime since, TimeSpan margin)
    {
        var utc = since.Kind == DateTimeKind.Local ? since.ToUniversalTime() : DateTime.SpecifyKind(since, DateTimeKind.Utc);
        var seconds = Math.Max(0, new DateTimeOffset(utc).ToUnixTimeSeconds() - (long)margin.TotalSeconds);
        return seconds.ToString(CultureInfo.InvariantCulture) + ".000000";
    }

    private static SendResult Failure(string? error, TimeSpan? retryAfter) => new(
        false,
        Error: error,
        RetryAfter: retryAfter,
        Permanent: error is not null && PermanentErrors.Contains(error));

    private sealed record SlackConversation(SlackWorkspace Workspace, string Channel);
}
