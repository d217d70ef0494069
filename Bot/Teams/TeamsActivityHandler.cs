using System.Text.Json;
using System.Text.Json.Nodes;
using CoPBot.Bot.Conversation;
using CoPBot.Cards;
using CoPBot.Services.Addresses;

namespace CoPBot.Bot.Teams;

/// <summary>
/// What the endpoint answers after an activity was handled: the invoke's answer, or, with <see cref="RetryLater"/>,
/// 503 so that Teams redelivers the activity (its reply could not go out yet and is kept for the redelivery).
/// </summary>
internal sealed record TeamsHandlerResult(AdaptiveCardInvokeResponse? InvokeResponse = null, bool RetryLater = false);

/// <summary>
/// Handles one authenticated activity: translate it to a turn, ask the router, deliver the reply through the
/// connector (or, for Action.Execute, in the HTTP answer). Remembers and forgets conversation addresses. A reply that
/// cannot go out for now is kept (<see cref="TeamsPendingReplies"/>) and the activity answered 503: Teams redelivers
/// it, the turn ledger makes the redelivery change nothing, and the kept reply goes out then.
/// </summary>
internal sealed partial class TeamsActivityHandler(
    IConversationRouter router,
    IChatAddressBook addressBook,
    TeamsConnectorClient connector,
    TeamsPendingReplies pendingReplies,
    Services.Outbox.DeliveryService delivery,
    ILogger<TeamsActivityHandler> logger)
{
    public const string PersonalWelcome =
        "Hi, I'm CoPBot. I help communities of practice invite colleagues to in-person sessions. "
        + "Everything is opt-in: you only hear about a network when you join it or a colleague invites you personally, "
        + "and \"no thanks\" is always a fine answer. Type help to see what I can do.";

    public const string GroupWelcome =
        "Hi, I'm CoPBot. I help communities of practice invite colleagues to in-person sessions. "
        + "Organizers can announce sessions here. Everything is opt-in: an announcement signs nobody up, joining is always each person's own choice. "
        + "Mention me with help to see what I can do.";

    public async Task<TeamsHandlerResult> HandleAsync(TeamsActivity activity, string? appId, CancellationToken cancellationToken)
    {
        appId ??= MsalTeamsTokenProvider.StripBotPrefix(activity.Recipient?.Id);
        if (activity.Type is "message" or "conversationUpdate" && TeamsPendingReplies.KeyOf(activity) is { } key && pendingReplies.Take(key) is { } kept)
        {
            // The redelivery of an activity whose work is done: only what was not sent is left to do.
            LogSendingKept(logger, activity.Id ?? "");
            return new TeamsHandlerResult(RetryLater: !await DeliverAsync(activity, kept, appId, keep: true, cancellationToken));
        }

        switch (activity.Type)
        {
            case "message":
                return new TeamsHandlerResult(RetryLater: !await OnMessageAsync(activity, appId, cancellationToken));
            case "conversationUpdate":
                return new TeamsHandlerResult(RetryLater: !await OnConversationUpdateAsync(activity, appId, cancellationToken));
            case "installationUpdate":
                await OnInstallationUpdateAsync(activity, cancellationToken);
                return new TeamsHandlerResult();
            case "invoke" when activity.Name == "adaptiveCard/action":
                return new TeamsHandlerResult(await OnCardActionAsync(activity, appId, cancellationToken));
            default:
                LogIgnored(logger, activity.Type ?? "", activity.Name ?? "");
                return new TeamsHandlerResult();
        }
    }

    /// <summary>Handles a message; false when its reply is kept for the redelivery.</summary>
    private async Task<bool> OnMessageAsync(TeamsActivity activity, string? appId, CancellationToken cancellationToken)
    {
        if (TeamsTurns.KindOf(activity) == ChatConversationKind.Personal)
        {
            // Keep the 1:1 address fresh, so proactive invitations can reach this person later.
            await addressBook.RememberAsync(TeamsTurns.AddressOf(activity), cancellationToken);
        }

        if (activity.Value is { ValueKind: JsonValueKind.Object } value && TeamsTurns.SubmitAction(value) is { } action)
        {
            var actionReply = await router.HandleAsync(TeamsTurns.ActionTurn(activity, action), cancellationToken);
            if (actionReply.UpdatedCard is not null && !string.IsNullOrEmpty(activity.ReplyToId)
                && activity is { ServiceUrl: { Length: > 0 } serviceUrl, Conversation.Id: { Length: > 0 } conversationId })
            {
                var update = TeamsMessages.ReplyEnvelope(
                    TeamsMessages.Message(null, [TeamsMessages.CardAttachment(actionReply.UpdatedCard)]), activity);
                await TryAsync(() => connector.UpdateActivityAsync(
                    serviceUrl, conversationId, activity.ReplyToId, update, appId, cancellationToken));
            }

            return await ReplyAsync(activity, actionReply, appId, keep: true, cancellationToken);
        }

        var turn = TeamsTurns.TextTurn(activity);
        if (turn is null)
        {
            LogIgnored(logger, "message", "empty");
            return true;
        }

        LogTurn(logger, activity.Id ?? "", turn.Conversation.Kind.ToString());
        var reply = await router.HandleAsync(turn, cancellationToken);
        return await ReplyAsync(activity, reply, appId, keep: true, cancellationToken);
    }

    /// <summary>Welcomes where the bot was added, forgets where it was removed; false when the welcome is kept for the redelivery.</summary>
    private async Task<bool> OnConversationUpdateAsync(TeamsActivity activity, string? appId, CancellationToken cancellationToken)
    {
        var botId = activity.Recipient?.Id;
        if (activity.MembersAdded?.Any(m => IsBot(m, botId)) == true)
        {
            await addressBook.RememberAsync(TeamsTurns.AddressOf(activity), cancellationToken);
            var welcome = TeamsTurns.KindOf(activity) == ChatConversationKind.Personal ? PersonalWelcome : GroupWelcome;
            return await ReplyAsync(activity, ChatReply.Say(welcome), appId, keep: true, cancellationToken);
        }

        if (activity.MembersRemoved?.Any(m => IsBot(m, botId)) == true)
        {
            await ForgetAsync(activity, cancellationToken);
        }

        return true;
    }

    private async Task OnInstallationUpdateAsync(TeamsActivity activity, CancellationToken cancellationToken)
    {
        if (activity.Action is "add" or "add-upgrade")
        {
            await addressBook.RememberAsync(TeamsTurns.AddressOf(activity), cancellationToken);
        }
        else if (activity.Action is "remove" or "remove-upgrade")
        {
            await ForgetAsync(activity, cancellationToken);
        }
    }

    private async Task<AdaptiveCardInvokeResponse> OnCardActionAsync(TeamsActivity activity, string? appId, CancellationToken cancellationToken)
    {
        AdaptiveCardInvokeValue? value = null;
        if (activity.Value is { ValueKind: JsonValueKind.Object } raw)
        {
            try
            {
                value = raw.Deserialize(TeamsJsonContext.Default.AdaptiveCardInvokeValue);
            }
            catch (JsonException)
            {
                value = null;
            }
        }

        var action = TeamsTurns.ExecuteAction(value);
        if (action is null)
        {
            return new AdaptiveCardInvokeResponse
            {
                StatusCode = 400,
                Type = "application/vnd.microsoft.error",
                Value = new JsonObject { ["code"] = "BadRequest", ["message"] = "The action has no verb." },
            };
        }

        var reply = await router.HandleAsync(TeamsTurns.ActionTurn(activity, action), cancellationToken);
        if (action.Verb == CardActions.RefreshView && reply.UpdatedCard is null)
        {
            // Nothing of the asker's own to show: the client keeps the shared card as everyone sees it.
            return new AdaptiveCardInvokeResponse
            {
                StatusCode = 412,
                Type = "application/vnd.microsoft.error.preconditionFailed",
                Value = new JsonObject { ["code"] = "PreconditionFailed", ["message"] = "There is no view of this card for you." },
            };
        }

        if (reply.UpdatedCard is not null)
        {
            await ReplyAsync(activity, reply, appId, keep: false, cancellationToken);
            return new AdaptiveCardInvokeResponse
            {
                StatusCode = 200,
                Type = AdaptiveCardInvokeResponse.CardType,
                Value = TeamsMessages.CardAttachment(reply.UpdatedCard).Content!,
            };
        }

        // No new card: the text becomes the client's message answer; any cards still go out as messages.
        if (reply.Cards.Count > 0)
        {
            await ReplyAsync(activity, reply with { Text = null }, appId, keep: false, cancellationToken);
        }

        return new AdaptiveCardInvokeResponse
        {
            StatusCode = 200,
            Type = AdaptiveCardInvokeResponse.MessageType,
            Value = JsonValue.Create(string.IsNullOrWhiteSpace(reply.Text) ? "Done." : reply.Text),
        };
    }

    /// <summary>
    /// Posts the reply's text and cards. A private reply in a shared conversation goes to the person's 1:1 chat. False
    /// when part of it could not go out for now and, with <paramref name="keep"/>, is kept for the activity's redelivery.
    /// </summary>
    private Task<bool> ReplyAsync(TeamsActivity activity, ChatReply reply, string? appId, bool keep, CancellationToken cancellationToken)
    {
        var messages = TeamsMessages.Build(reply);
        if (messages.Count == 0 || string.IsNullOrEmpty(activity.ServiceUrl) || string.IsNullOrEmpty(activity.Conversation?.Id))
        {
            return Task.FromResult(true);
        }

        var isPrivate = reply.Private && TeamsTurns.KindOf(activity) != ChatConversationKind.Personal;
        return DeliverAsync(activity, new PendingReply(messages, isPrivate, reply.ProgressRunId), appId, keep, cancellationToken);
    }

    /// <summary>
    /// Sends the messages in order. A failure that may pass (throttled, failed, no answer, no token) keeps the unsent
    /// rest for the redelivery when <paramref name="keep"/> and the activity has an id, and answers false; one that
    /// cannot pass (the bot was removed, the address is refused) is logged, and there is nothing to try again.
    /// </summary>
    private async Task<bool> DeliverAsync(TeamsActivity activity, PendingReply reply, string? appId, bool keep, CancellationToken cancellationToken)
    {
        var sent = 0;
        try
        {
            (string ServiceUrl, ConversationAccount Conversation)? privately = reply.Private ? await PrivateChatAsync(activity, appId, cancellationToken) : null;
            foreach (var message in reply.Messages)
            {
                if (privately is { } chat)
                {
                    await connector.SendToConversationAsync(chat.ServiceUrl, chat.Conversation.Id!, message with
                    {
                        ServiceUrl = chat.ServiceUrl,
                        From = activity.Recipient,
                        Recipient = activity.From,
                        Conversation = chat.Conversation,
                    }, appId, cancellationToken);
                }
                else
                {
                    var envelope = TeamsMessages.ReplyEnvelope(message, activity);
                    var posted = string.IsNullOrEmpty(activity.Id)
                        ? await connector.SendToConversationAsync(activity.ServiceUrl!, activity.Conversation!.Id!, envelope, appId, cancellationToken)
                        : await connector.ReplyToActivityAsync(activity.ServiceUrl!, activity.Conversation!.Id!, activity.Id, envelope, appId, cancellationToken);
                    await RecordProgressCardAsync(activity, reply.ProgressRunId, message, posted, cancellationToken);
                }

                sent++;
            }

            return true;
        }
        catch (Exception exception) when (exception is TeamsConnectorException or TimeoutException)
        {
            var status = (exception as TeamsConnectorException)?.StatusCode is { } code ? (int)code : 0;
            if (exception is TeamsConnectorException { Permanent: true } || !keep || TeamsPendingReplies.KeyOf(activity) is not { } key)
            {
                LogDeliveryFailed(logger, status, exception);
                return true;
            }

            // Twice is better than never: a send that got no answer may have been taken, and is sent again.
            pendingReplies.Keep(key, reply with { Messages = [.. reply.Messages.Skip(sent)] });
            LogReplyKept(logger, activity.Id ?? "", status, exception.GetType().Name);
            return false;
        }
    }

    /// <summary>The organizer's progress card: remember where it is, so delivery can update it in place.</summary>
    private async Task RecordProgressCardAsync(TeamsActivity activity, Guid? runId, TeamsActivity message, ResourceResponse posted, CancellationToken cancellationToken)
    {
        if (runId is null || message.Attachments is not { Count: > 0 } || posted.Id is not { Length: > 0 } messageId)
        {
            return;
        }

        var kind = TeamsTurns.KindOf(activity) switch
        {
            ChatConversationKind.Personal => ChatAddressKind.Personal,
            ChatConversationKind.Group => ChatAddressKind.Group,
            _ => ChatAddressKind.Channel,
        };
        var here = new ChatAddress(TeamsTurns.ChannelId, TeamsTurns.TenantOf(activity) ?? "", activity.Conversation!.Id!, kind, activity.From?.Id, activity.ServiceUrl);
        await delivery.RecordRunCardAsync(runId.Value, here, messageId, "Invitations", null, cancellationToken);
    }

    /// <summary>The person's 1:1 chat with the bot, for a private reply to something said in a shared conversation (started when there is none yet).</summary>
    private async Task<(string ServiceUrl, ConversationAccount Conversation)> PrivateChatAsync(TeamsActivity activity, string? appId, CancellationToken cancellationToken)
    {
        var tenantId = TeamsTurns.TenantOf(activity) ?? "";
        var userId = activity.From?.Id ?? "";
        var known = await addressBook.FindPersonalAsync(TeamsTurns.ChannelId, tenantId, userId, cancellationToken);
        var conversationId = known?.ConversationId;
        var serviceUrl = known?.ServiceUrl ?? activity.ServiceUrl!;
        if (string.IsNullOrEmpty(conversationId))
        {
            var created = await connector.CreateConversationAsync(serviceUrl, new ConversationParameters
            {
                IsGroup = false,
                Bot = activity.Recipient,
                Members = [new ChannelAccount { Id = userId }],
                TenantId = tenantId,
                ChannelData = new TeamsChannelData { Tenant = new TenantInfo(tenantId) },
            }, appId, cancellationToken);
            conversationId = created.Id ?? throw new TeamsConnectorException(null, "The connector returned no conversation id.");
        }

        return (serviceUrl, new ConversationAccount { Id = conversationId, ConversationType = "personal", TenantId = tenantId });
    }

    private async Task ForgetAsync(TeamsActivity activity, CancellationToken cancellationToken)
    {
        var address = TeamsTurns.AddressOf(activity);
        await addressBook.ForgetAsync(address.Channel, address.TenantId, address.ConversationId, cancellationToken);
    }

    /// <summary>A card update that fails after the state change is logged: the card is a courtesy, the reply follows.</summary>
    private async Task TryAsync<T>(Func<Task<T>> call)
    {
        try
        {
            await call();
        }
        catch (Exception exception) when (exception is TeamsConnectorException or TimeoutException)
        {
            LogDeliveryFailed(logger, (exception as TeamsConnectorException)?.StatusCode is { } code ? (int)code : 0, exception);
        }
    }

    private static bool IsBot(ChannelAccount member, string? botId) =>
        botId is not null && string.Equals(member.Id, botId, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Debug, Message = "Teams activity {Type} {Name} ignored")]
    private static partial void LogIgnored(ILogger logger, string type, string name);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "Teams message {ActivityId} in a {Kind} conversation")]
    private static partial void LogTurn(ILogger logger, string activityId, string kind);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Warning, Message = "Teams reply could not be delivered (status {Status})")]
    private static partial void LogDeliveryFailed(ILogger logger, int status, Exception exception);

    [LoggerMessage(EventId = 4501, Level = LogLevel.Warning, Message = "Teams reply to activity {ActivityId} not delivered (status {Status}, {Failure}); kept for the redelivery, answered 503")]
    private static partial void LogReplyKept(ILogger logger, string activityId, int status, string failure);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Information, Message = "Teams activity {ActivityId} redelivered: sending the reply kept for it")]
    private static partial void LogSendingKept(ILogger logger, string activityId);
}
