using System.Net;
using CoPBot.Bot.Conversation;
using CoPBot.Bot.Delivery;
using CoPBot.Services.Addresses;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot.Teams;

/// <summary>
/// Sends proactive messages (invitations, announcements) to remembered Teams addresses. A personal address without
/// a conversation yet gets one first (POST /v3/conversations), and the new address is remembered.
/// </summary>
internal sealed partial class TeamsChatSender(
    TeamsConnectorClient connector,
    TeamsServiceUrls serviceUrls,
    IOptions<TeamsOptions> options,
    IServiceProvider services,
    ILogger<TeamsChatSender> logger) : IChatSender
{
    public string Channel => ChatChannels.Teams;

    public async Task<SendResult> SendAsync(ChatAddress address, ChatReply message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(message);
        var reference = TeamsTurns.ReferenceOf(address);
        var serviceUrl = reference?.ServiceUrl is { Length: > 0 } known ? known : address.ServiceUrl ?? options.Value.DefaultServiceUrl;
        var bot = reference?.Bot ?? BotFor(address.TenantId);
        if (bot?.Id is null)
        {
            return new SendResult(false, Error: "No Teams bot is registered for this tenant.", Permanent: true);
        }

        var appId = MsalTeamsTokenProvider.StripBotPrefix(bot.Id);
        var messages = TeamsMessages.Build(message, message.UpdatedCard is not null && message.Cards.Count == 0 ? [message.UpdatedCard] : null);
        if (messages.Count == 0)
        {
            return new SendResult(false, Error: "The message is empty.", Permanent: true);
        }

        try
        {
            var conversationId = address.ConversationId;
            if (address.Kind == ChatAddressKind.Personal && string.IsNullOrEmpty(conversationId))
            {
                if (string.IsNullOrEmpty(address.UserId))
                {
                    return new SendResult(false, Error: "A personal address needs a user id.", Permanent: true);
                }

                conversationId = await StartPersonalConversationAsync(address, serviceUrl, bot, appId, cancellationToken);
            }

            var conversation = reference?.Conversation is { } c && c.Id == conversationId
                ? c
                : new ConversationAccount
                {
                    Id = conversationId,
                    ConversationType = address.Kind switch
                    {
                        ChatAddressKind.Personal => "personal",
                        ChatAddressKind.Group => "groupChat",
                        _ => "channel",
                    },
                    IsGroup = address.Kind != ChatAddressKind.Personal,
                    TenantId = address.TenantId,
                };
            var recipient = reference?.User ?? (address.UserId is null ? null : new ChannelAccount { Id = address.UserId });
            string? firstId = null;
            foreach (var activity in messages)
            {
                var sent = await connector.SendToConversationAsync(serviceUrl, conversationId, activity with
                {
                    ServiceUrl = serviceUrl,
                    From = bot,
                    Recipient = address.Kind == ChatAddressKind.Personal ? recipient : null,
                    Conversation = conversation,
                }, appId, cancellationToken, address.TenantId);
                firstId ??= sent.Id;
            }

            return SendResult.Sent(firstId);
        }
        catch (TeamsConnectorException exception)
        {
            LogSendFailed(logger, (int?)exception.StatusCode ?? 0, exception.Permanent);
            return new SendResult(
                false,
                Error: exception.Message,
                RetryAfter: exception.StatusCode == HttpStatusCode.TooManyRequests ? exception.RetryAfter ?? TimeSpan.FromSeconds(1) : exception.RetryAfter,
                Permanent: exception.Permanent);
        }
    }

    /// <summary>Replaces a posted activity (PUT /v3/conversations/{id}/activities/{activityId}): the organizer's progress card.</summary>
    public async Task<SendResult> UpdateAsync(ChatAddress address, string messageId, ChatReply message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentNullException.ThrowIfNull(message);
        var reference = TeamsTurns.ReferenceOf(address);
        var serviceUrl = reference?.ServiceUrl is { Length: > 0 } known ? known : address.ServiceUrl ?? options.Value.DefaultServiceUrl;
        var bot = reference?.Bot ?? BotFor(address.TenantId);
        if (bot?.Id is null || string.IsNullOrEmpty(address.ConversationId))
        {
            return new SendResult(false, Error: "No Teams bot or conversation for this update.", Permanent: true);
        }

        var cards = message.UpdatedCard is { } updated ? [updated, .. message.Cards] : message.Cards;
        var built = TeamsMessages.Build(message with { Text = message.UpdatedCard is null ? message.Text : null }, cards);
        if (built.Count == 0)
        {
            return new SendResult(false, Error: "The message is empty.", Permanent: true);
        }

        try
        {
            var conversation = reference?.Conversation ?? new ConversationAccount { Id = address.ConversationId, TenantId = address.TenantId };
            await connector.UpdateActivityAsync(serviceUrl, address.ConversationId, messageId, built[0] with
            {
                Id = messageId,
                ServiceUrl = serviceUrl,
                From = bot,
                Conversation = conversation,
            }, MsalTeamsTokenProvider.StripBotPrefix(bot.Id), cancellationToken, address.TenantId);
            return SendResult.Sent(messageId);
        }
        catch (TeamsConnectorException exception)
        {
            LogSendFailed(logger, (int?)exception.StatusCode ?? 0, exception.Permanent);
            return new SendResult(false, Error: exception.Message, RetryAfter: exception.RetryAfter, Permanent: exception.Permanent);
        }
    }

    private async Task<string> StartPersonalConversationAsync(ChatAddress address, string serviceUrl, ChannelAccount bot, string? appId, CancellationToken cancellationToken)
    {
        var created = await connector.CreateConversationAsync(serviceUrl, new ConversationParameters
        {
            IsGroup = false,
            Bot = bot,
            Members = [new ChannelAccount { Id = address.UserId }],
            TenantId = address.TenantId,
            ChannelData = new TeamsChannelData { Tenant = new TenantInfo(address.TenantId) },
        }, appId, cancellationToken, address.TenantId);
        var conversationId = created.Id is { Length: > 0 } id
            ? id
            : throw new TeamsConnectorException(null, "The connector returned no conversation id.");

        // Remember the new 1:1 chat, so the next message does not have to create it again.
        if (services.GetService<IChatAddressBook>() is { } addressBook)
        {
            var reference = new TeamsConversationReference
            {
                // The connector may name another address for the new chat; it is remembered only when allowed.
                ServiceUrl = created.ServiceUrl is { Length: > 0 } named && serviceUrls.IsAllowed(named) ? named : serviceUrl,
                Conversation = new ConversationAccount { Id = conversationId, ConversationType = "personal", TenantId = address.TenantId },
                Bot = bot,
                User = new ChannelAccount { Id = address.UserId },
                TenantId = address.TenantId,
            };
            await addressBook.RememberAsync(address with
            {
                ConversationId = conversationId,
                ServiceUrl = reference.ServiceUrl,
                Data = System.Text.Json.JsonSerializer.Serialize(reference, TeamsJsonContext.Default.TeamsConversationReference),
            }, cancellationToken);
        }

        return conversationId;
    }

    private ChannelAccount? BotFor(string tenantId) =>
        options.Value.FindBotForTenant(tenantId) is { } bot
            ? new ChannelAccount { Id = "28:" + bot.AppId, Name = bot.Name ?? "CoPBot" }
            : null;

    [LoggerMessage(EventId = 3401, Level = LogLevel.Warning, Message = "Teams proactive send failed with {Status} (permanent: {Permanent})")]
    private static partial void LogSendFailed(ILogger logger, int status, bool permanent);
}
