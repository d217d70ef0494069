using System.Collections.Concurrent;
using CoPBot.Bot.Conversation;
using CoPBot.Cards.Rendering;
using CoPBot.Cards.Rendering.BlockKit;
using CoPBot.Cards.Views;
using CoPBot.Services.Addresses;

namespace CoPBot.Bot.Slack;

/// <summary>
/// Calls the router for a Slack turn in its own DI scope (so a turn can outlive the HTTP request that brought it)
/// and remembers the conversation's address for later proactive messages.
/// </summary>
internal sealed class SlackTurnRunner(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, SlackWorkspaceNames names)
{
    public Task<ChatReply> StartAsync(ChatTurn turn, SlackWorkspace workspace) => Task.Run(async () =>
    {
        var cancellationToken = lifetime.ApplicationStopping;
        await using var scope = scopes.CreateAsyncScope();

        // Slash commands and interactions carry no time zone: users.info has it (cached, within the Web API limits),
        // so quiet hours and dates are the person's own rather than UTC.
        if (turn.User.TimeZone is null)
        {
            var known = await scope.ServiceProvider.GetRequiredService<SlackUserDirectory>().GetAsync(workspace, turn.User.UserId, cancellationToken);
            turn = turn with { User = turn.User with { TimeZone = known.TimeZone } };
        }

        if (scope.ServiceProvider.GetService<IChatAddressBook>() is { } addresses)
        {
            await addresses.RememberAsync(AddressOf(turn, workspace), cancellationToken);
        }

        var router = scope.ServiceProvider.GetRequiredService<IConversationRouter>();
        var reply = await router.HandleAsync(turn, cancellationToken);
        await names.NameOnceAsync(workspace, scope.ServiceProvider, cancellationToken);
        return reply;
    });

    private static ChatAddress AddressOf(ChatTurn turn, SlackWorkspace workspace)
    {
        var kind = turn.Conversation.Kind switch
        {
            ChatConversationKind.Personal => ChatAddressKind.Personal,
            ChatConversationKind.Group => ChatAddressKind.Group,
            _ => ChatAddressKind.Channel,
        };
        return new ChatAddress(
            ChatChannels.Slack,
            workspace.TeamId,
            turn.Conversation.Id,
            kind,
            UserId: kind == ChatAddressKind.Personal ? turn.User.UserId : null,
            Name: turn.Conversation.Name,
            Data: SlackAddressData.Encode(workspace.AppId));
    }
}

/// <summary>What the Slack adapter keeps in <see cref="ChatAddress.Data"/>: the app that reached the conversation.</summary>
internal static class SlackAddressData
{
    private const string Prefix = "slack-app:";

    public static string Encode(string appId) => Prefix + appId;

    public static string? AppIdOf(string? data) =>
        data is not null && data.StartsWith(Prefix, StringComparison.Ordinal) ? data[Prefix.Length..] : null;
}

/// <summary>Names and time zones of Slack users (users.info), cached; events carry only the user id.</summary>
internal sealed class SlackUserDirectory(SlackWebApiClient client, SlackUserCache cache)
{
    public async Task<ChatUser> GetAsync(SlackWorkspace workspace, string userId, CancellationToken cancellationToken)
    {
        if (cache.TryGet(workspace.TeamId, userId, out var cached))
        {
            return cached;
        }

        var result = await client.GetUserAsync(workspace, userId, cancellationToken);
        if (!result.Ok || result.Response!.User is not { } info)
        {
            return new ChatUser(ChatChannels.Slack, workspace.TeamId, userId, userId);
        }

        var name = FirstNonEmpty(info.Profile?.DisplayName, info.Profile?.RealName, info.RealName, info.Name) ?? userId;
        var user = new ChatUser(ChatChannels.Slack, workspace.TeamId, userId, name, info.Tz);
        cache.Set(workspace.TeamId, userId, user);
        return user;
    }

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}

/// <summary>The users.info cache, shared by every request (bounded: cleared when full).</summary>
internal sealed class SlackUserCache
{
    private const int Capacity = 50_000;
    private readonly ConcurrentDictionary<(string Team, string User), ChatUser> users = new();

    public bool TryGet(string teamId, string userId, out ChatUser user) => users.TryGetValue((teamId, userId), out user!);

    public void Set(string teamId, string userId, ChatUser user)
    {
        if (users.Count >= Capacity)
        {
            users.Clear();
        }

        users[(teamId, userId)] = user;
    }
}

/// <summary>Renders router replies for Slack and delivers them: messages, response_url answers, modals, the Home tab.</summary>
internal sealed class SlackReplies(SlackWebApiClient client, IServiceScopeFactory scopes)
{
    public static bool IsEmpty(ChatReply reply) =>
        string.IsNullOrWhiteSpace(reply.Text) && reply.Cards.Count == 0 && reply.UpdatedCard is null;

    /// <summary>The first card that Slack shows as a modal (a form or a roster), if any.</summary>
    public static CardView? ModalCard(ChatReply reply) =>
        reply.Cards.FirstOrDefault(c => BlockKitRenderer.IsModalKind(c.Kind));

    /// <summary>The reply without the card that went into a modal.</summary>
    public static ChatReply Without(ChatReply reply, CardView? card) =>
        card is null ? reply : reply with { Cards = [.. reply.Cards.Where(c => !ReferenceEquals(c, card))] };

    /// <summary>An answer through response_url; an ephemeral one is the speaker's alone, so it shows their own view.</summary>
    public static SlackResponseMessage ToResponse(ChatReply reply, string responseType, bool? replaceOriginal = null)
    {
        ArgumentNullException.ThrowIfNull(reply);
        reply = responseType == SlackResponseMessage.Ephemeral ? reply.ForSpeakerAlone() : reply;
        var cards = reply.UpdatedCard is null ? reply.Cards : [reply.UpdatedCard, .. reply.Cards];
        var message = BlockKitRenderer.RenderMessage(reply.Text, cards);
        return new SlackResponseMessage
        {
            Text = message.Text,
            Blocks = message.Blocks.Count == 0 ? null : message.Blocks,
            ResponseType = responseType,
            ReplaceOriginal = replaceOriginal,
        };
    }

    /// <summary>Posts a reply to a conversation; private replies in a shared channel go to the speaker only.</summary>
    public async Task PostAsync(SlackWorkspace workspace, string channel, string userId, ChatReply reply, string? threadTs, CancellationToken cancellationToken)
    {
        if (IsEmpty(reply))
        {
            return;
        }

        var cards = reply.UpdatedCard is null ? reply.Cards : [reply.UpdatedCard, .. reply.Cards];
        var message = BlockKitRenderer.RenderMessage(reply.Text, cards);
        var blocks = message.Blocks.Count == 0 ? null : message.Blocks;
        if (reply.Private && !channel.StartsWith('D'))
        {
            SlackTryAgainException.ThrowIfTransient(await client.PostEphemeralAsync(workspace, new ChatPostEphemeralRequest
            {
                Channel = channel, User = userId, Text = message.Text, Blocks = blocks, ThreadTs = threadTs,
            }, cancellationToken));
            return;
        }

        // Nothing is posted yet when this fails for now: the whole reply can be tried again.
        SlackTryAgainException.ThrowIfTransient(await client.PostMessageAsync(workspace, new ChatPostMessageRequest
        {
            Channel = channel, Text = message.Text, Blocks = blocks, ThreadTs = threadTs,
        }, cancellationToken));

        // The channel's message is the same for everyone; the speaker's own view of it (their answer, their buttons) is theirs alone.
        if (reply.SpeakerCards.Count > 0 && !channel.StartsWith('D'))
        {
            var own = BlockKitRenderer.RenderMessage(null, reply.SpeakerCards);
            await client.PostEphemeralAsync(workspace, new ChatPostEphemeralRequest
            {
                Channel = channel, User = userId, Text = own.Text, Blocks = own.Blocks.Count == 0 ? null : own.Blocks, ThreadTs = threadTs,
            }, cancellationToken);
        }
    }

    /// <summary>Sends a reply to the person's DM with the bot (after a modal or a Home tab click).</summary>
    public async Task DirectMessageAsync(SlackWorkspace workspace, string userId, ChatReply reply, CancellationToken cancellationToken)
    {
        if (IsEmpty(reply))
        {
            return;
        }

        var opened = await client.OpenDirectMessageAsync(workspace, userId, cancellationToken);
        if (opened.Ok)
        {
            await PostAsync(workspace, opened.Response!.Channel!.Id, userId, reply, null, cancellationToken);
        }
    }

    /// <summary>
    /// Slash-command answers go through response_url, which cannot be updated later; so an organizer's progress card
    /// is posted in their DM with the bot, and its ts recorded for the run, so delivery updates it in place.
    /// </summary>
    public async Task PostProgressCardAsync(SlackWorkspace workspace, string userId, ChatReply reply, CancellationToken cancellationToken)
    {
        if (reply.ProgressRunId is not { } runId || reply.Cards.Count == 0)
        {
            return;
        }

        var opened = await client.OpenDirectMessageAsync(workspace, userId, cancellationToken);
        if (!opened.Ok || opened.Response?.Channel?.Id is not { } channel)
        {
            return;
        }

        var message = BlockKitRenderer.RenderMessage(null, reply.Cards);
        var posted = await client.PostMessageAsync(workspace, new ChatPostMessageRequest
        {
            Channel = channel, Text = message.Text, Blocks = message.Blocks.Count == 0 ? null : message.Blocks,
        }, cancellationToken);
        if (posted.Ok && posted.Response?.Ts is { Length: > 0 } ts)
        {
            await using var scope = scopes.CreateAsyncScope();
            var delivery = scope.ServiceProvider.GetRequiredService<Services.Outbox.DeliveryService>();
            var address = new ChatAddress(ChatChannels.Slack, workspace.TeamId, channel, ChatAddressKind.Personal, userId);
            await delivery.RecordRunCardAsync(runId, address, ts, reply.Cards[0].Title, null, cancellationToken);
        }
    }

    public async Task<bool> OpenModalAsync(SlackWorkspace workspace, string triggerId, CardView card, CancellationToken cancellationToken)
    {
        var result = await client.OpenViewAsync(workspace, new ViewsOpenRequest(triggerId, BlockKitRenderer.RenderModal(card)), cancellationToken);
        return result.Ok;
    }

    public Task UpdateModalAsync(SlackWorkspace workspace, string viewId, CardView card, CancellationToken cancellationToken) =>
        client.UpdateViewAsync(workspace, new ViewsUpdateRequest(viewId, BlockKitRenderer.RenderModal(card)), cancellationToken);

    public Task PublishHomeAsync(SlackWorkspace workspace, string userId, ChatReply reply, CancellationToken cancellationToken)
    {
        var cards = reply.UpdatedCard is null ? reply.Cards : [reply.UpdatedCard, .. reply.Cards];
        BlockKitView home = BlockKitRenderer.RenderHome(reply.Text, cards);
        return client.PublishViewAsync(workspace, new ViewsPublishRequest(userId, home), cancellationToken);
    }

    public Task RespondAsync(string responseUrl, SlackResponseMessage message, CancellationToken cancellationToken) =>
        Uri.TryCreate(responseUrl, UriKind.Absolute, out var url)
            ? client.RespondAsync(url, message, cancellationToken)
            : Task.CompletedTask;
}
