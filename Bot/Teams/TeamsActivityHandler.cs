using System.Text.Json;
using System.Text.Json.Nodes;
using CoPBot.Bot.Conversation;
using CoPBot.Cards;
using CoPBot.Services.Addresses;

namespace CoPBot.Bot.Teams;

/// <summary>What the endpoint answers after an activity was handled.</summary>
internal sealed record TeamsHandlerResult(AdaptiveCardInvokeResponse? InvokeResponse = null);

/// <summary>
/// Handles one authenticated activity: translate it to a turn, ask the router, deliver the reply through the
/// connector (or, for Action.Execute, in the HTTP answer). Remembers and forgets conversation addresses.
/// </summary>
internal sealed partial class TeamsActivityHandler(
    IConversationRouter router,
    IChatAddressBook addressBook,
    TeamsConnectorClient connector,
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
        switch (activity.Type)
        {
            case "message":
                await OnMessageAsync(activity, appId, cancellationToken);
                return new TeamsHandlerResult();
            case "conversationUpdate":
                await OnConversationUpdateAsync(activity, appId, cancellationToken);
                return new TeamsHandlerResult();
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

    private async Task OnMessageAsync(TeamsActivity activity, string? appId, CancellationToken cancellationToken)
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

            await ReplyAsync(activity, actionReply, appId, cancellationToken);
            return;
        }

        var turn = TeamsTurns.TextTurn(activity);
        if (turn is null)
        {
            LogIgnored(logger, "message", "empty");
            return;
        }

        LogTurn(logger, activity.Id ?? "", turn.Conversation.Kind.ToString());
        var reply = await router.HandleAsync(turn, cancellationToken);
        await ReplyAsync(activity, reply, appId, cancellationToken);
    }

    private async Task OnConversationUpdateAsync(TeamsActivity activity, string? appId, CancellationToken cancellationToken)
    {
        var botId = activity.Recipient?.Id;
        if (activity.MembersAdded?.Any(m => IsBot(m, botId)) == true)
        {
            await addressBook.RememberAsync(TeamsTurns.AddressOf(activity), cancellationToken);
            var welcome = TeamsTurns.KindOf(activity) == ChatConversationKind.Personal ? PersonalWelcome : GroupWelcome;
            await ReplyAsync(activity, ChatReply.Say(welcome), appId, cancellationToken);
        }
        else if (activity.MembersRemoved?.Any(m => IsBot(m, botId)) == true)
        {
            await ForgetAsync(activity, cancellationToken);
        }
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
            await ReplyAsync(activity, reply, appId, cancellationToken);
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
            await ReplyAsync(activity, reply with { Text = null }, appId, cancellationToken);
        }

        return new AdaptiveCardInvokeResponse
        {
            StatusCode = 200,
            Type = AdaptiveCardInvokeResponse.MessageType,
            Value = JsonValue.Create(string.IsNullOrWhiteSpace(reply.Text) ? "Done." : reply.Text),
        };
    }

    /// <summary>Posts the reply's text and cards. A private reply in a shared conversation goes to the person's 1:1 chat.</summary>
    private async Task ReplyAsync(TeamsActivity activity, ChatReply reply, string? appId, CancellationToken cancellationToken)
    {
        var messages = TeamsMessages.Build(reply);
        if (messages.Count == 0 || string.IsNullOrEmpty(activity.ServiceUrl) || string.IsNullOrEmpty(activity.Conversation?.Id))
        {
            return;
        }

        if (reply.Private && TeamsTurns.KindOf(activity) != ChatConversationKind.Personal)
        {
            await TryAsync(() => SendPrivatelyAsync(activity, messages, appId, cancellationToken));
            return;
        }

        foreach (var message in messages)
        {
            var envelope = TeamsMessages.ReplyEnvelope(message, activity);
            ResourceResponse? sent = null;
            if (!await TryAsync(async () => sent = string.IsNullOrEmpty(activity.Id)
                    ? await connector.SendToConversationAsync(activity.ServiceUrl, activity.Conversation.Id, envelope, appId, cancellationToken)
                    : await connector.ReplyToActivityAsync(activity.ServiceUrl, activity.Conversation.Id, activity.Id, envelope, appId, cancellationToken)))
            {
                return;
            }

            // The organizer's progress card: remember where it is, so delivery can update it in place.
            if (reply.ProgressRunId is { } runId && message.Attachments is { Count: > 0 } && sent?.Id is { Length: > 0 } messageId)
            {
                var kind = TeamsTurns.KindOf(activity) switch
                {
                    ChatConversationKind.Personal => ChatAddressKind.Personal,
                    ChatConversationKind.Group => ChatAddressKind.Group,
                    _ => ChatAddressKind.Channel,
                };
                var here = new ChatAddress(TeamsTurns.ChannelId, TeamsTurns.TenantOf(activity) ?? "", activity.Conversation.Id, kind, activity.From?.Id, activity.ServiceUrl);
                await delivery.RecordRunCardAsync(runId, here, messageId, "Invitations", null, cancellationToken);
            }
        }
    }

    private async Task<ResourceResponse> SendPrivatelyAsync(TeamsActivity activity, IReadOnlyList<TeamsActivity> messages, string? appId, CancellationToken cancellationToken)
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

        var conversation = new ConversationAccount { Id = conversationId, ConversationType = "personal", TenantId = tenantId };
        var last = new ResourceResponse(null);
        foreach (var message in messages)
        {
            last = await connector.SendToConversationAsync(serviceUrl, conversationId, message with
            {
                ServiceUrl = serviceUrl,
                From = activity.Recipient,
                Recipient = activity.From,
                Conversation = conversation,
            }, appId, cancellationToken);
        }

        return last;
    }

    private async Task ForgetAsync(TeamsActivity activity, CancellationToken cancellationToken)
    {
        var address = TeamsTurns.AddressOf(activity);
        await addressBook.ForgetAsync(address.Channel, address.TenantId, address.ConversationId, cancellationToken);
    }

    /// <summary>A connector failure after the state change is logged, not turned into a 500 that makes Teams redeliver.</summary>
    private async Task<bool> TryAsync<T>(Func<Task<T>> call)
    {
        try
        {
            await call();
            return true;
        }
        catch (TeamsConnectorException exception)
        {
            LogDeliveryFailed(logger, (int?)exception.StatusCode ?? 0, exception);
            return false;
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
}
