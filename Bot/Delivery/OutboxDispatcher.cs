using System.Diagnostics;
using CoPBot.Bot.Conversation;
using CoPBot.Cards.Builders;
using CoPBot.Services.Addresses;
using CoPBot.Services.Outbox;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot.Delivery;

/// <summary>
/// Sends due outbox messages through the platform senders this process has, one batch at a time, and records
/// each outcome. Conversations are sent to in parallel (bounded), messages to one conversation one after another,
/// each only after a permit from the platform's rate limits. Runs in the web host as a background service, and in
/// the console chat for console messages.
/// </summary>
internal sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    DeliveryRateLimits limits,
    CoPBotTelemetry telemetry,
    TimeProvider clock,
    IOptions<DeliveryOptions> options,
    ILogger<OutboxDispatcher> logger)
{
    /// <summary>This process's name on the leases it takes.</summary>
    public string Owner { get; } = $"{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Sends one batch; returns how many messages were handled (sent, failed, deferred or withdrawn).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken, Guid? personId = null, int? batchSize = null)
    {
        var settings = options.Value;
        IReadOnlyList<OutboxMessage> batch;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var channels = scope.ServiceProvider.GetServices<IChatSender>().Select(s => s.Channel).Distinct().ToList();
            if (channels.Count == 0)
            {
                return 0;
            }

            var delivery = scope.ServiceProvider.GetRequiredService<DeliveryService>();
            batch = await delivery.ClaimDueAsync(Owner, channels, batchSize ?? settings.BatchSize, settings.Lease, cancellationToken, personId);
        }

        // One conversation's messages in order; different conversations side by side, up to the configured bound.
        var conversations = batch.GroupBy(m => m.PersonId?.ToString() ?? $"{m.AddressChannel}|{m.AddressTenantId}|{m.AddressConversationId}").ToList();
        await Parallel.ForEachAsync(conversations, new ParallelOptions { MaxDegreeOfParallelism = settings.MaxParallelSends, CancellationToken = cancellationToken },
            async (conversation, token) =>
            {
                foreach (var message in conversation)
                {
                    await DeliverAsync(message, settings, token);
                }
            });

        var runs = batch.Where(m => m.RunId is not null).Select(m => m.RunId!.Value).Distinct().ToList();
        if (runs.Count > 0)
        {
            await UpdateRunCardsAsync(runs, cancellationToken);
        }

        if (batch.Count > 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            telemetry.QueueDepth(await scope.ServiceProvider.GetRequiredService<DeliveryService>().QueueDepthAsync(cancellationToken));
        }

        return batch.Count;
    }

    /// <summary>Updates the organizers' progress cards of the given runs in place, when their counts changed.</summary>
    public async Task UpdateRunCardsAsync(IReadOnlyCollection<Guid> runIds, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var delivery = scope.ServiceProvider.GetRequiredService<DeliveryService>();
        var senders = Senders(scope.ServiceProvider);
        foreach (var update in await delivery.RunsToUpdateAsync(runIds, cancellationToken))
        {
            var run = update.Run;
            if (update.Session is null || !senders.TryGetValue(run.Channel, out var sender))
            {
                continue;
            }

            var addresses = scope.ServiceProvider.GetRequiredService<IChatAddressBook>();
            var address = await addresses.FindAsync(run.Channel, run.TenantId, run.ConversationId, cancellationToken)
                ?? new ChatAddress(run.Channel, run.TenantId, run.ConversationId, ChatAddressKind.Channel);
            var card = OrganizerCards.Progress(run.Title ?? "Delivery", update.Progress, update.Session);
            SendResult result;
            try
            {
                result = await sender.UpdateAsync(address, run.MessageId, new ChatReply { UpdatedCard = card }, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TimeoutException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                result = new SendResult(false, Error: ex.GetType().Name);
            }

            if (result.Ok)
            {
                await delivery.MarkRunShownAsync(run.Id, update.Progress, cancellationToken);
            }
            else
            {
                // The card stays as it was; the next batch of this run tries again. Progress is a courtesy, never a blocker.
                LogRunCardNotUpdated(run.Id, run.Channel);
            }
        }
    }

    private async Task DeliverAsync(OutboxMessage message, DeliveryOptions settings, CancellationToken cancellationToken)
    {
        using var activity = CoPBotTelemetry.Source.StartActivity("copbot.delivery", ActivityKind.Producer);
        activity?.SetTag("copbot.outbox.id", message.Id);
        activity?.SetTag("copbot.outbox.kind", message.Kind.ToString());
        activity?.SetTag("copbot.channel", message.Channel);

        // Each conversation gets its own scope: a DbContext (and the address book the Teams sender uses) is one caller's.
        await using var scope = scopes.CreateAsyncScope();
        var delivery = scope.ServiceProvider.GetRequiredService<DeliveryService>();
        var prepared = await delivery.PrepareAsync(message, cancellationToken);
        if (prepared.Outcome == PrepareOutcome.Withdrawn)
        {
            LogWithdrawn(message.Id, message.Kind);
            Outcome(activity, message.Channel, "withdrawn");
            return;
        }

        if (prepared is { Outcome: PrepareOutcome.Deferred, DeferredUntil: { } until })
        {
            LogDeferred(message.Id, message.Kind, prepared.DeferReason, until);
            Outcome(activity, message.Channel, "deferred");
            return;
        }

        var composer = scope.ServiceProvider.GetRequiredService<OutboxComposer>();
        var composed = await composer.ComposeAsync(prepared.Item!, cancellationToken);
        var senders = Senders(scope.ServiceProvider);
        if (composed is not { } send || !senders.TryGetValue(send.Address.Channel, out var sender))
        {
            await DeadLetterOrRetryAsync(delivery, message, new SendResult(false, Error: "Nothing to send or no sender for its channel.", Permanent: true), activity, cancellationToken);
            return;
        }

        // Never send on a lease that expired meanwhile: another instance may have taken the row over. Renewed before
        // the permit, not after: database work between permit and send would bunch requests up at the platform.
        if (!await delivery.RenewLeaseAsync(message.Id, Owner, settings.Lease, cancellationToken))
        {
            LogLeaseLost(message.Id, Owner);
            Outcome(activity, message.Channel, "lease_lost");
            return;
        }

        // Wait for a permit (briefly) rather than send and eat a 429; when none comes soon, put the message back.
        while (limits.TryAcquire(send.Address) is var wait && wait > TimeSpan.Zero)
        {
            if (wait > settings.MaxPermitWait)
            {
                await delivery.DeferAsync(message.Id, Owner, clock.GetUtcNow().UtcDateTime + wait, DeferReason.RateLimit, cancellationToken);
                Outcome(activity, message.Channel, "throttled");
                return;
            }

            await Task.Delay(wait, clock, cancellationToken);
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
            if (await delivery.MarkSentAsync(message.Id, Owner, result.MessageId, cancellationToken))
            {
                Outcome(activity, message.Channel, "sent");
            }
            else
            {
                LogLeaseLost(message.Id, Owner);
                Outcome(activity, message.Channel, "lease_lost");
            }

            return;
        }

        await DeadLetterOrRetryAsync(delivery, message, result, activity, cancellationToken);
    }

    private async Task DeadLetterOrRetryAsync(DeliveryService delivery, OutboxMessage message, SendResult result, Activity? activity, CancellationToken cancellationToken)
    {
        FailureOutcome outcome;
        if (result is { RetryAfter: { } retryAfter, Permanent: false })
        {
            // "Too many requests" (or "come back later"): a retry after the platform's wait, not a failure.
            telemetry.RateLimited(message.Channel);
            outcome = await delivery.MarkRateLimitedAsync(message.Id, Owner, retryAfter, cancellationToken);
        }
        else
        {
            outcome = await delivery.MarkFailedAsync(message.Id, Owner, result.Error ?? "send failed", result.RetryAfter, result.Permanent, cancellationToken);
        }

        switch (outcome)
        {
            case FailureOutcome.DeadLettered:
                telemetry.DeadLetter(message.Channel);
                LogDeadLetter(message.Id, message.Kind, message.Channel, message.Attempts + 1);
                Outcome(activity, message.Channel, "dead_letter");
                break;
            case FailureOutcome.Retried:
                telemetry.Retry(message.Channel);
                LogRetry(message.Id, message.Kind, result.RetryAfter);
                Outcome(activity, message.Channel, result.RetryAfter is null ? "retry" : "rate_limited");
                break;
            default:
                LogLeaseLost(message.Id, Owner);
                Outcome(activity, message.Channel, "lease_lost");
                break;
        }
    }

    private void Outcome(Activity? activity, string channel, string outcome)
    {
        activity?.SetTag("copbot.delivery.outcome", outcome);
        telemetry.Delivery(channel, outcome);
    }

    private static Dictionary<string, IChatSender> Senders(IServiceProvider services) =>
        services.GetServices<IChatSender>().GroupBy(s => s.Channel).ToDictionary(g => g.Key, g => g.Last());

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Outbox message {Id} ({Kind}) withdrawn: it no longer applies")]
    private partial void LogWithdrawn(Guid id, OutboxKind kind);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Outbox message {Id} ({Kind}) on {Channel} dead-lettered after {Attempts} attempts; its reason is kept on the row")]
    private partial void LogDeadLetter(Guid id, OutboxKind kind, string channel, int attempts);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Outbox message {Id} ({Kind}) will be retried (retry-after {RetryAfter})")]
    private partial void LogRetry(Guid id, OutboxKind kind, TimeSpan? retryAfter);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Outbox message {Id} ({Kind}) deferred ({Reason}) until {Until:o}")]
    private partial void LogDeferred(Guid id, OutboxKind kind, DeferReason? reason, DateTime until);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Outbox message {Id}: lease of {Owner} expired before its outcome was recorded; another instance owns it now")]
    private partial void LogLeaseLost(Guid id, string owner);

    [LoggerMessage(EventId = 305, Level = LogLevel.Information, Message = "Progress card of run {RunId} on {Channel} not updated; tried again after the next batch")]
    private partial void LogRunCardNotUpdated(Guid runId, string channel);
}

/// <summary>Runs the dispatcher in the web host: a short pause when idle, none while there is work.</summary>
internal sealed class OutboxDispatcherService(OutboxDispatcher dispatcher, TimeProvider clock, IOptions<DeliveryOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // "Delivery:Enabled" = false leaves sending to another instance (or, in endpoint tests, to the test).
        if (!options.Value.Enabled)
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
                await Task.Delay(options.Value.IdleDelay, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
