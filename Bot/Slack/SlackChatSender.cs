using CoPBot.Bot.Conversation;
using CoPBot.Bot.Delivery;
using CoPBot.Cards.Rendering;
using CoPBot.Services.Addresses;

namespace CoPBot.Bot.Slack;

/// <summary>
/// Delivers a reply to a remembered Slack address: a person through their DM (conversations.open, cached), a channel
/// directly, always with a plain-text fallback. Slack's answer decides what delivery does next: 429 → try again
/// after Retry-After; an unknown or deactivated user or channel → permanent, never retried.
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

    public string Channel => ChatChannels.Slack;

    public async Task<SendResult> SendAsync(ChatAddress address, ChatReply message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(message);
        var workspace = installations.Find(address.TenantId, SlackAddressData.AppIdOf(address.Data));
        if (workspace is null)
        {
            return new SendResult(false, Error: "workspace_not_installed", Permanent: true);
        }

        var channel = address.ConversationId;
        if (address.Kind == ChatAddressKind.Personal)
        {
            if (string.IsNullOrEmpty(address.UserId))
            {
                return new SendResult(false, Error: "user_not_found", Permanent: true);
            }

            // A remembered DM (the person wrote to the bot) needs no conversations.open, whose tier-3 limit
            // (about 50 a minute) would otherwise cap invitations to new recipients.
            if (string.IsNullOrEmpty(channel) || !channel.StartsWith('D'))
            {
                var opened = await client.OpenDirectMessageAsync(workspace, address.UserId, cancellationToken);
                if (!opened.Ok)
                {
                    return Failure(opened.Error, opened.RetryAfter);
                }

                channel = opened.Response!.Channel!.Id;
            }
        }

        var cards = message.UpdatedCard is null ? message.Cards : [message.UpdatedCard, .. message.Cards];
        var rendered = BlockKitRenderer.RenderMessage(message.Text, cards);
        var posted = await client.PostMessageAsync(workspace, new ChatPostMessageRequest
        {
            Channel = channel,
            Text = rendered.Text,
            Blocks = rendered.Blocks.Count == 0 ? null : rendered.Blocks,
        }, cancellationToken);
        return posted.Ok ? SendResult.Sent(posted.Response!.Ts) : Failure(posted.Error, posted.RetryAfter);
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
            return new SendResult(false, Error: "workspace_not_installed", Permanent: true);
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

    private static SendResult Failure(string? error, TimeSpan? retryAfter) => new(
        false,
        Error: error,
        RetryAfter: retryAfter,
        Permanent: error is not null && PermanentErrors.Contains(error));
}
