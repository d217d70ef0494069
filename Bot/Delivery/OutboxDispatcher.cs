using CoPBot.Services.Outbox;

namespace CoPBot.Bot.Delivery;

/// <summary>
/// Sends due outbox messages through the platform senders this process has, one batch at a time, and records
/// each outcome. Runs in the web host as a background service, and in the console chat for console messages.
/// </summary>
internal sealed partial class OutboxDispatcher(IServiceScopeFactory scopes, ILogger<OutboxDispatcher> logger)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>This process's name on the leases it takes.</summary>
    public string Owner { get; } = $"{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Sends one batch; returns how many messages were handled (sent, failed or withdrawn).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken, Guid? personId = null, int batchSize = 50)
    {
        // Senders are resolved per batch, in the batch's scope, so they can use scoped services (the address book).
        await using var scope = scopes.CreateAsyncScope();
        var byChannel = scope.ServiceProvider.GetServices<IChatSender>().GroupBy(s => s.Channel).ToDictionary(g => g.Key, g => g.Last());
        if (byChannel.Count == 0)
        {
            return 0;
        }

        var delivery = scope.ServiceProvider.GetRequiredService<DeliveryService>();
        var composer = scope.ServiceProvider.GetRequiredService<OutboxComposer>();
        var batch = await delivery.ClaimDueAsync(Owner, byChannel.Keys, batchSize, Lease, cancellationToken, personId);
        foreach (var message in batch)
        {
            var item = await delivery.LoadAsync(message, cancellationToken);
            if (item is null)
            {
                LogWithdrawn(message.Id, message.Kind);
                continue;
            }

            var composed = await composer.ComposeAsync(item, cancellationToken);
            if (composed is not { } send || !byChannel.TryGetValue(send.Address.Channel, out var sender))
            {
                await delivery.MarkFailedAsync(message.Id, "Nothing to send or no sender for its channel.", null, permanent: true, cancellationToken);
                continue;
            }

            SendResult result;
            try
            {
                result = await sender.SendAsync(send.Address, send.Reply, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TimeoutException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                result = new SendResult(false, Error: ex.GetType().Name);
            }

            if (result.Ok)
            {
                await delivery.MarkSentAsync(message.Id, result.MessageId, cancellationToken);
            }
            else if (await delivery.MarkFailedAsync(message.Id, result.Error ?? "send failed", result.RetryAfter, result.Permanent, cancellationToken))
            {
                LogDeadLetter(message.Id, message.Kind, message.Channel, result.Error ?? "send failed");
            }
            else
            {
                LogRetry(message.Id, message.Kind, result.RetryAfter);
            }
        }

        return batch.Count;
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Outbox message {Id} ({Kind}) withdrawn: it no longer applies")]
    private partial void LogWithdrawn(Guid id, OutboxKind kind);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Outbox message {Id} ({Kind}) on {Channel} dead-lettered: {Reason}")]
    private partial void LogDeadLetter(Guid id, OutboxKind kind, string channel, string reason);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Outbox message {Id} ({Kind}) will be retried (retry-after {RetryAfter})")]
    private partial void LogRetry(Guid id, OutboxKind kind, TimeSpan? retryAfter);
}

/// <summary>Runs the dispatcher in the web host: a short pause when idle, none while there is work.</summary>
internal sealed class OutboxDispatcherService(OutboxDispatcher dispatcher, TimeProvider clock, IConfiguration configuration) : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // "Delivery:Enabled" = false leaves sending to another instance (or, in endpoint tests, to the test).
        if (!configuration.GetValue("Delivery:Enabled", defaultValue: true))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            int handled;
            try
            {
                handled = await dispatcher.RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A database hiccup must not stop delivery for good; leases make the retry safe.
                handled = 0;
            }

            if (handled == 0)
            {
                await Task.Delay(Idle, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
