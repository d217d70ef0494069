using System.Collections.Concurrent;
using CoPBot.Bot.Conversation;
using CoPBot.Bot.Delivery;
using CoPBot.Services.Addresses;
using CoPBot.Services.App;
using CoPBot.Services.Outbox;
using CoPBot.Services.Views;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Bot.Tests.Delivery;

/// <summary>A <see cref="TestWorld"/> with the Bot's real dispatcher, rate limits and composer, and recording fake senders.</summary>
internal static class DeliveryTestKit
{
    public static async Task<TestWorld> CreateAsync(string provider, RecordingSender? teams = null, RecordingSender? console = null, TimeSpan? maxPermitWait = null, int batchSize = 50)
    {
        var world = await TestWorld.CreateAsync(provider, configureServices: services =>
        {
            services.AddMetrics();
            services.AddSingleton<CoPBotTelemetry>();
            services.AddSingleton<DeliveryRateLimits>();
            services.AddSingleton(Options.Create(new BotOptions()));
            services.AddSingleton(Options.Create(new DeliveryOptions { MaxPermitWait = maxPermitWait ?? TimeSpan.Zero, BatchSize = batchSize }));
            services.AddScoped<OutboxComposer>();
            services.AddSingleton<OutboxDispatcher>();
            services.AddSingleton<IChatSender>(console ?? new RecordingSender(ChatChannels.Console));
            if (teams is not null)
            {
                services.AddSingleton<IChatSender>(teams);
            }
        });
        foreach (var sender in new[] { teams, console })
        {
            sender?.Clock = world.Clock;
        }

        return world;
    }

    public static OutboxDispatcher Dispatcher(this TestWorld world) => world.Services.GetRequiredService<OutboxDispatcher>();

    /// <summary>A dispatcher with its own owner name, as another instance would have.</summary>
    public static OutboxDispatcher OtherInstance(this TestWorld world) => ActivatorUtilities.CreateInstance<OutboxDispatcher>(world.Services);

    /// <summary>Another instance with its own owner name and its own rate limits, as another process would have.</summary>
    public static OutboxDispatcher OtherProcess(this TestWorld world) =>
        ActivatorUtilities.CreateInstance<OutboxDispatcher>(world.Services, new DeliveryRateLimits(world.Clock));

    /// <summary>The most instants of <paramref name="sorted"/> that fall within any interval of length <paramref name="window"/>.</summary>
    public static int MaxInAnyWindow(IReadOnlyList<DateTimeOffset> sorted, TimeSpan window)
    {
        var max = 0;
        for (int start = 0, end = 0; end < sorted.Count; end++)
        {
            while (sorted[end] - sorted[start] >= window)
            {
                start++;
            }

            max = Math.Max(max, end - start + 1);
        }

        return max;
    }

    /// <summary>Runs batches until nothing due is left (at the current fake time).</summary>
    public static async Task<int> DrainAsync(this TestWorld world, OutboxDispatcher? dispatcher = null)
    {
        dispatcher ??= world.Dispatcher();
        var total = 0;
        for (var handled = await dispatcher.RunOnceAsync(Cancellation); handled > 0; handled = await dispatcher.RunOnceAsync(Cancellation))
        {
            total += handled;
        }

        return total;
    }

    /// <summary>Olga's network with one session ten days ahead: something to queue posts about.</summary>
    public static async Task<SessionSummary> SessionToPostAboutAsync(this TestWorld world)
    {
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        return await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(10));
    }

    /// <summary>Queues <paramref name="count"/> announcements straight into the outbox, all to one Teams channel conversation.</summary>
    public static async Task<List<Guid>> QueueTeamsPostsAsync(this TestWorld world, SessionSummary session, int count, string conversation = "19:general@thread.tacv2", Guid? runId = null, DateTime? notBefore = null)
    {
        var ids = new List<Guid>();
        await world.DbAsync(async db =>
        {
            for (var i = 0; i < count; i++)
            {
                var message = new OutboxMessage
                {
                    Key = $"test-post:{session.Id:N}:{conversation}:{i}",
                    Kind = OutboxKind.Announcement,
                    Channel = ChatChannels.Teams,
                    AddressChannel = ChatChannels.Teams,
                    AddressTenantId = "tenant-1",
                    AddressConversationId = conversation,
                    SessionId = session.Id,
                    NetworkId = null,
                    RunId = runId,
                    NotBefore = notBefore ?? world.Now,
                    CreatedAt = world.Now.AddTicks(i),
                };
                db.Outbox.Add(message);
                ids.Add(message.Id);
            }

            return await db.SaveChangesAsync(Cancellation);
        });
        return ids;
    }

    /// <summary>Queues one announcement to each of <paramref name="count"/> Teams channels of one tenant.</summary>
    public static async Task<List<Guid>> QueueTeamsPostsToManyConversationsAsync(this TestWorld world, SessionSummary session, int count, string tenant = "tenant-1")
    {
        var messages = Enumerable.Range(0, count).Select(i => new OutboxMessage
        {
            Key = $"test-post:{session.Id:N}:{tenant}:{i}",
            Kind = OutboxKind.Announcement,
            Channel = ChatChannels.Teams,
            AddressChannel = ChatChannels.Teams,
            AddressTenantId = tenant,
            AddressConversationId = $"19:channel-{i}@thread.tacv2",
            SessionId = session.Id,
            NotBefore = world.Now,
            CreatedAt = world.Now.AddTicks(i),
        }).ToList();
        await world.DbAsync(db =>
        {
            db.Outbox.AddRange(messages);
            return db.SaveChangesAsync(Cancellation);
        });
        return messages.ConvertAll(m => m.Id);
    }

    public static Task<string> UserIdOfAsync(this TestWorld world, Actor person) =>
        world.DbAsync(db => db.Accounts.Where(a => a.PersonId == person.PersonId).Select(a => a.UserId).FirstAsync(Cancellation));
}

/// <summary>
/// A sender that records what it sends, when (on the fake clock), and can answer "too many requests" a scripted
/// number of times first.
/// </summary>
internal sealed class RecordingSender(string channel) : IChatSender
{
    /// <summary>The clock the send times are read from (the world's fake clock).</summary>
    public TimeProvider? Clock { get; set; }

    private int _tooManyLeft;

    public string Channel => channel;

    public ConcurrentQueue<Sent> Sends { get; } = new();

    public ConcurrentQueue<Sent> Updates { get; } = new();

    public int TooManyRequestsAnswered;

    /// <summary>The Retry-After of a scripted 429.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(3);

    private int _timeoutsLeft;

    private TaskCompletionSource? _othersSent;
    private int _othersNeeded;
    private int _holding;

    /// <summary>The first send waits (before the platform takes it) until <paramref name="others"/> other sends were taken.</summary>
    public void HoldFirstSendUntilOthers(int others)
    {
        _othersNeeded = others;
        _othersSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The next <paramref name="times"/> sends are answered with 429 and <see cref="RetryAfter"/>.</summary>
    public void AnswerTooManyRequests(int times) => _tooManyLeft = times;

    /// <summary>The next <paramref name="times"/> sends time out after the platform took the message (it is recorded as sent).</summary>
    public void TimeOutAfterAccepting(int times) => _timeoutsLeft = times;

    /// <summary>What <see cref="FindSentAsync"/> answers, by outbox id (default: the platform cannot tell).</summary>
    public Func<Guid, SentLookup> Lookup { get; set; } = _ => SentLookup.Unknown;

    /// <summary>Each <see cref="FindSentAsync"/> call: the outbox id and the instant it searched from.</summary>
    public ConcurrentQueue<(Guid OutboxId, DateTime Since)> Lookups { get; } = new();

    public Task<SentLookup> FindSentAsync(ChatAddress address, Guid outboxId, DateTime since, CancellationToken cancellationToken)
    {
        Lookups.Enqueue((outboxId, since));
        return Task.FromResult(Lookup(outboxId));
    }

    /// <summary>When set, every send fails for good with this error (the bot was removed from the conversation).</summary>
    public string? PermanentError { get; set; }

    public async Task<SendResult> SendAsync(ChatAddress address, ChatReply message, CancellationToken cancellationToken)
    {
        if (_othersSent is { } othersSent && Interlocked.Exchange(ref _holding, 1) == 0)
        {
            await othersSent.Task.WaitAsync(cancellationToken);
        }

        var result = Send(address, message);
        if (_othersSent is { } gate && Sends.Count >= _othersNeeded)
        {
            gate.TrySetResult();
        }

        return result;
    }

    private SendResult Send(ChatAddress address, ChatReply message)
    {
        if (PermanentError is { } error)
        {
            return new SendResult(false, Error: error, Permanent: true);
        }

        if (Interlocked.Decrement(ref _timeoutsLeft) >= 0)
        {
            Sends.Enqueue(new Sent(address, message, Clock?.GetUtcNow() ?? DateTimeOffset.MinValue, Guid.NewGuid().ToString("N")));
            throw new TimeoutException("The platform took the message but the answer never came.");
        }

        if (Interlocked.Decrement(ref _tooManyLeft) >= 0)
        {
            Interlocked.Increment(ref TooManyRequestsAnswered);
            return new SendResult(false, Error: "429", RetryAfter: RetryAfter);
        }

        var id = Guid.NewGuid().ToString("N");
        Sends.Enqueue(new Sent(address, message, Clock?.GetUtcNow() ?? DateTimeOffset.MinValue, id));
        return SendResult.Sent(id);
    }

    public Task<SendResult> UpdateAsync(ChatAddress address, string messageId, ChatReply message, CancellationToken cancellationToken)
    {
        Updates.Enqueue(new Sent(address, message, Clock?.GetUtcNow() ?? DateTimeOffset.MinValue, messageId));
        return Task.FromResult(SendResult.Sent(messageId));
    }

    public sealed record Sent(ChatAddress Address, ChatReply Reply, DateTimeOffset At, string MessageId);
}
