using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CoPBot.Bot.Conversation;
using CoPBot.Bot.Teams;
using CoPBot.Services.Addresses;

namespace CoPBot.Bot.Tests.Teams;

/// <summary>Records the turns it gets and answers with a scripted reply.</summary>
internal sealed class RecordingRouter : IConversationRouter
{
    public ConcurrentQueue<ChatTurn> Turns { get; } = new();

    public Func<ChatTurn, ChatReply> Reply { get; set; } = turn => ChatReply.Say("ok: " + (turn.Text ?? turn.Action?.Verb));

    public Task<ChatReply> HandleAsync(ChatTurn turn, CancellationToken cancellationToken)
    {
        Turns.Enqueue(turn);
        return Task.FromResult(Reply(turn));
    }
}

internal sealed class InMemoryAddressBook : IChatAddressBook
{
    private readonly ConcurrentDictionary<(string, string, string), ChatAddress> addresses = new();

    public IReadOnlyCollection<ChatAddress> All => [.. addresses.Values];

    public int Writes { get; private set; }

    public Task RememberAsync(ChatAddress address, CancellationToken cancellationToken)
    {
        Writes++;
        addresses[(address.Channel, address.TenantId, address.ConversationId)] = address;
        return Task.CompletedTask;
    }

    public Task ForgetAsync(string channel, string tenantId, string conversationId, CancellationToken cancellationToken)
    {
        Writes++;
        addresses.TryRemove((channel, tenantId, conversationId), out _);
        return Task.CompletedTask;
    }

    public Task<ChatAddress?> FindAsync(string channel, string tenantId, string conversationId, CancellationToken cancellationToken) =>
        Task.FromResult(addresses.GetValueOrDefault((channel, tenantId, conversationId)));

    public Task<ChatAddress?> FindPersonalAsync(string channel, string tenantId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(addresses.Values.FirstOrDefault(a =>
            a.Channel == channel && a.TenantId == tenantId && a.UserId == userId && a.Kind == ChatAddressKind.Personal));
}

internal sealed class FakeTokenProvider : ITeamsTokenProvider
{
    public const string Token = "test-bot-access-token";

    public List<string?> AppIds { get; } = [];

    public Task<string?> GetTokenAsync(string? appId, CancellationToken cancellationToken)
    {
        lock (AppIds)
        {
            AppIds.Add(appId);
        }

        return Task.FromResult<string?>(Token);
    }
}

/// <summary>One request the bot sent to the connector.</summary>
internal sealed record ConnectorRequest(HttpMethod Method, string Path, string? Authorization, JsonNode? Body);

/// <summary>
/// A fake Bot Connector: records every request and answers like the Playground's mock connector (201 with an id),
/// or with responses a test queued (429 with Retry-After, 403...).
/// </summary>
internal sealed class RecordingConnector : HttpMessageHandler
{
    private int counter;

    public ConcurrentQueue<ConnectorRequest> Requests { get; } = new();

    public ConcurrentQueue<Func<HttpResponseMessage>> Scripted { get; } = new();

    public string CreatedConversationId { get; set; } = "a:created-personal-conversation";

    /// <summary>When set, requests get no answer until it completes or the caller gives up.</summary>
    public TaskCompletionSource<HttpResponseMessage>? Unanswered { get; set; }

    /// <summary>When set, the id of a created conversation comes from the request body (one 1:1 chat per member).</summary>
    public Func<JsonNode?, string>? ConversationIdFor { get; set; }

    /// <summary>When set, how long request number n (from 1) takes to reach the connector, on <see cref="Clock"/>.</summary>
    public Func<int, TimeSpan>? Transit { get; set; }

    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>When each request reached the connector, on <see cref="Clock"/>.</summary>
    public ConcurrentQueue<DateTimeOffset> Arrivals { get; } = new();

    private int transits;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Transit is { } transit)
        {
            await Task.Delay(transit(Interlocked.Increment(ref transits)), Clock, cancellationToken);
        }

        Arrivals.Enqueue(Clock.GetUtcNow());
        var text = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var body = string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text);
        Requests.Enqueue(new ConnectorRequest(request.Method, request.RequestUri!.AbsolutePath, request.Headers.Authorization?.ToString(), body));
        if (Unanswered is { } pending)
        {
            return await pending.Task.WaitAsync(cancellationToken);
        }

        if (Scripted.TryDequeue(out var scripted))
        {
            return scripted();
        }

        var id = request.Method == HttpMethod.Post && request.RequestUri.AbsolutePath.EndsWith("/v3/conversations", StringComparison.Ordinal)
            ? ConversationIdFor?.Invoke(body) ?? CreatedConversationId
            : "1795864948" + Interlocked.Increment(ref counter).ToString("000", System.Globalization.CultureInfo.InvariantCulture);
        var status = request.Method == HttpMethod.Put ? HttpStatusCode.OK : HttpStatusCode.Created;
        return new HttpResponseMessage(status)
        {
            Content = new StringContent(new JsonObject { ["id"] = id }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
    }
}
