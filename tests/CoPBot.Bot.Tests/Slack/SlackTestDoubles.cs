using System.Collections.Concurrent;
using System.Net;
using System.Text;
using CoPBot.Bot.Conversation;
using CoPBot.Services.Addresses;
using Microsoft.Extensions.Time.Testing;

namespace CoPBot.Bot.Tests.Slack;

/// <summary>A router that records every turn and answers with a scripted reply (optionally held back).</summary>
public sealed class RecordingRouter : IConversationRouter
{
    private readonly ConcurrentQueue<ChatTurn> turns = new();

    public Func<ChatTurn, ChatReply> Reply { get; set; } = _ => ChatReply.Say("hello");

    /// <summary>When set, HandleAsync waits for it before answering (a slow router).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public TaskCompletionSource<ChatTurn> FirstTurn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<ChatTurn> Turns => [.. turns];

    public async Task<ChatReply> HandleAsync(ChatTurn turn, CancellationToken cancellationToken)
    {
        turns.Enqueue(turn);
        FirstTurn.TrySetResult(turn);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return Reply(turn);
    }
}

/// <summary>An in-memory address book.</summary>
public sealed class InMemoryAddressBook : IChatAddressBook
{
    private readonly ConcurrentDictionary<(string, string, string), ChatAddress> addresses = new();

    public IReadOnlyCollection<ChatAddress> All => [.. addresses.Values];

    public Task RememberAsync(ChatAddress address, CancellationToken cancellationToken)
    {
        addresses[(address.Channel, address.TenantId, address.ConversationId)] = address;
        return Task.CompletedTask;
    }

    public Task ForgetAsync(string channel, string tenantId, string conversationId, CancellationToken cancellationToken)
    {
        addresses.TryRemove((channel, tenantId, conversationId), out _);
        return Task.CompletedTask;
    }

    public Task<ChatAddress?> FindAsync(string channel, string tenantId, string conversationId, CancellationToken cancellationToken) =>
        Task.FromResult(addresses.GetValueOrDefault((channel, tenantId, conversationId)));

    public Task<ChatAddress?> FindPersonalAsync(string channel, string tenantId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(addresses.Values.FirstOrDefault(a => a.Channel == channel && a.TenantId == tenantId && a.UserId == userId && a.Kind == ChatAddressKind.Personal));
}

public sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string? ContentType, string Body)
{
    /// <summary>"chat.postMessage" for Web API calls; the host for response_url posts.</summary>
    public string Target => Uri.Host == "hooks.slack.com" ? "response_url" : Uri.AbsolutePath.Split('/').Last();
}

/// <summary>
/// A fake Slack Web API (and response_url endpoint) as the HttpClient's primary handler: records each request and
/// answers from <see cref="Respond"/>, by default with ok:true bodies shaped like Slack's.
/// </summary>
public sealed class FakeSlackApi : HttpMessageHandler
{
    private readonly ConcurrentQueue<RecordedRequest> requests = new();

    public Func<RecordedRequest, HttpResponseMessage?> Respond { get; set; } = _ => null;

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    public IReadOnlyList<RecordedRequest> To(string target) => [.. requests.Where(r => r.Target == target)];

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method,
            request.RequestUri!,
            request.Headers.Authorization?.ToString(),
            request.Content?.Headers.ContentType?.ToString(),
            body);
        requests.Enqueue(recorded);
        return Respond(recorded) ?? recorded.Target switch
        {
            "response_url" => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("ok") },
            "conversations.open" => Json("""{"ok":true,"channel":{"id":"D0FAKEDM"}}"""),
            "chat.postMessage" or "chat.update" or "chat.postEphemeral" => Json("""{"ok":true,"channel":"C1","ts":"1700000000.000100"}"""),
            "users.info" => Json("""{"ok":true,"user":{"id":"U1","name":"river","real_name":"River Song","tz":"Europe/Amsterdam","profile":{"display_name":"River"}}}"""),
            "views.open" or "views.update" or "views.publish" => Json("""{"ok":true,"view":{"id":"V1","hash":"h1"}}"""),
            _ => Json("""{"ok":true}"""),
        };
    }
}

/// <summary>A fake clock that says when something starts waiting on it, so a test advances time only then.</summary>
public sealed class SignallingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private TaskCompletionSource timerCreated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task TimerCreated => Volatile.Read(ref timerCreated).Task;

    public void ResetTimerSignal() => Volatile.Write(ref timerCreated, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Volatile.Read(ref timerCreated).TrySetResult();
        return timer;
    }
}
