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
    public Task<int> RunOnceAsync(CancellationToken cancellationToken, Guid? personId = null, int? batchSize = null) =>
        RunAsync(untilIdle: false, personId, batchSize, cancellationToken);

    /// <summary>
    /// Sends batch after batch until nothing is due; returns how many messages were handled. The next batch is claimed
    /// as soon as the current one's last conversations have started, so the senders never wait for a claim.
    /// </summary>
    public Task<int> RunUntilIdleAsync(CancellationToken cancellationToken) => RunAsync(untilIdle: true, null, null, cancellationToken);

    private async Task<int> RunAsync(bool untilIdle, Guid? personId, int? batchSize, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var lanes = new SendLanes(settings.MaxParallelSends);
        var handled = 0;
        (IReadOnlyList<OutboxMessage> Batch, Task Sent)? previous = null;
        try
        {
            do
            {
                var batch = await ClaimAsync(settings, personId, batchSize, cancellationToken);
                if (batch.Count == 0)
                {
                    break;
                }

                // One conversation's messages in order, also across batches; different conversations side by side, up
                // to the configured bound. This returns once the last conversation has a sender, not when it is done.
                var sent = await lanes.StartAsync(batch, message => DeliverAsync(message, settings, cancellationToken), cancellationToken);
                handled += batch.Count;
                if (previous is { } done)
                {
                    await done.Sent;
                    await AfterBatchAsync(done.Batch, cancellationToken);
                }

                previous = (batch, sent);
            }
            while (untilIdle);
        }
        finally
        {
            // Never leave sends running behind the caller's back, even when a claim failed.
            await lanes.DrainAsync();
        }

        if (previous is { } last)
        {
            await last.Sent;
            await AfterBatchAsync(last.Batch, cancellationToken);
        }

        return handled;
    }

    private async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(DeliveryOptions settings, Guid? personId, int? batchSize, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var channels = Channels(scope.ServiceProvider);
        if (channels.Count == 0)
        {
            return [];
        }

        // With n instances live each claims its part of a batch: what its part of the limits lets it send soon.
        // A whole batch would mostly wait for permits and go back to the queue, and the others would idle meanwhile.
        var instances = channels.Max(limits.InstancesOn);
        var size = batchSize ?? Math.Max(1, settings.BatchSize / instances);
        return await scope.ServiceProvider.GetRequiredService<DeliveryService>().ClaimDueAsync(Owner, channels, size, settings.Lease, cancellationToken, personId);
    }

    /// <summary>After a batch is sent: the organizers' progress cards of its runs, and the queue depth.</summary>
    private async Task AfterBatchAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken cancellationToken)
    {
        var runs = batch.Where(m => m.RunId is not null).Select(m => m.RunId!.Value).Distinct().ToList();
        if (runs.Count > 0)
        {
            await UpdateRunCardsAsync(runs, cancellationToken);
        }

        await using var scope = scopes.CreateAsyncScope();
        telemetry.QueueDepth(await scope.ServiceProvider.GetRequiredService<DeliveryService>().QueueDepthAsync(cancellationToken));
    }

    /// <summary>
    /// Says this dispatcher is alive, extends the claims it holds, and takes its part of each platform's per-app limits
    /// from the number of live dispatchers on each. Returns the most live dispatchers on any of its channels (this one
    /// included; 1 when it sends on none).
    /// </summary>
    public async Task<int> HeartbeatAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var channels = Channels(scope.ServiceProvider);
        if (channels.Count == 0)
        {
            return 1;
        }

        var live = await scope.ServiceProvider.GetRequiredService<DeliveryService>().HeartbeatAsync(Owner, channels, settings.Lease, settings.LiveFor, cancellationToken);
        foreach (var channel in channels)
        {
            var instances = live.GetValueOrDefault(channel, 1);
            if (instances != limits.InstancesOn(channel))
            {
                LogShare(instances, channel);
            }

            limits.Share(channel, instances);
        }

        return channels.Max(limits.InstancesOn);
    }

    /// <summary>Gives back this dispatcher's claims and leaves the live dispatchers (on a clean stop).</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DeliveryService>().LeaveAsync(Owner, cancellationToken);
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

        // A send was in flight when the last attempt ended without an answer (its instance died, or the request timed
        // out): ask the platform before sending again. One it cannot tell about is sent again: twice beats never.
        if (message.SendingSince is { } inFlightSince)
        {
            var found = await sender.FindSentAsync(send.Address, message.Id, inFlightSince, cancellationToken);
            if (found.Outcome == SentLookupOutcome.Found)
            {
                var recorded = await delivery.MarkSentAsync(message.Id, Owner, found.MessageId, cancellationToken);
                LogFoundSent(message.Id, message.Kind);
                Outcome(activity, message.Channel, recorded ? "found_sent" : "lease_lost");
                return;
            }

            if (found.Outcome == SentLookupOutcome.Unknown)
            {
                LogMaybeTwice(message.Id, message.Kind, message.Channel);
                telemetry.SentAgainUnchecked(message.Channel);
            }
        }

        // Never send on a lease that expired meanwhile: another instance may have taken the row over. Renewed before
        // the permit, not after: database work between permit and send would bunch requests up at the platform.
        if (!await delivery.BeginSendAsync(message.Id, Owner, settings.Lease, cancellationToken))
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
        var maybeDelivered = false;
        try
        {
            result = await sender.SendAsync(send.Address, send.Reply, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // No answer: the platform may have taken the message all the same.
            result = new SendResult(false, Error: ex.GetType().Name);
            maybeDelivered = true;
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

        await DeadLetterOrRetryAsync(delivery, message, result, activity, cancellationToken, maybeDelivered);
    }

    private async Task DeadLetterOrRetryAsync(DeliveryService delivery, OutboxMessage message, SendResult result, Activity? activity, CancellationToken cancellationToken, bool maybeDelivered = false)
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
            outcome = await delivery.MarkFailedAsync(message.Id, Owner, result.Error ?? "send failed", result.RetryAfter, result.Permanent, cancellationToken, maybeDelivered);
        }

        switch (outcome)
        {
            case FailureOutcome.DeadLettered:
                telemetry.DeadLetter(message.Channel);
                LogDeadLetter(message.Id, message.Kind, message.Channel, message.Attempts + 1);
                Outcome(activity, message.Channel, "dead_letter");
                if (message is { PersonId: null, AddressConversationId: not null })
                {
                    await NoticeFailedPostAsync(message, cancellationToken);
                }

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

    /// <summary>
    /// A channel post failed for good: its session's organizer is told (a direct message through the outbox). The
    /// stats show the channel whether or not this notice gets out, so a failure here is logged and delivery goes on.
    /// </summary>
    private async Task NoticeFailedPostAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<ChannelPostFailures>().NoticeAsync(message.Id, cancellationToken))
            {
                LogFailedPostNoticed(message.Id, message.Channel);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailedPostNotNoticed(message.Id, ex.GetType().Name);
        }
    }

    private void Outcome(Activity? activity, string channel, string outcome)
    {
        activity?.SetTag("copbot.delivery.outcome", outcome);
        telemetry.Delivery(channel, outcome);
    }

    private static List<string> Channels(IServiceProvider services) =>
        services.GetServices<IChatSender>().Select(s => s.Channel).Distinct(StringComparer.Ordinal).ToList();

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

    [LoggerMessage(EventId = 306, Level = LogLevel.Information, Message = "Outbox message {Id} ({Kind}): the platform already had it from an attempt that got no answer; recorded as sent, not sent again")]
    private partial void LogFoundSent(Guid id, OutboxKind kind);

    [LoggerMessage(EventId = 307, Level = LogLevel.Warning, Message = "Outbox message {Id} ({Kind}): an earlier attempt got no answer and {Channel} cannot say whether it arrived; sending again, it may arrive twice")]
    private partial void LogMaybeTwice(Guid id, OutboxKind kind, string channel);

    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Channel post {Id} on {Channel} failed for good; its organizer is told")]
    private partial void LogFailedPostNoticed(Guid id, string channel);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "Channel post {Id} failed for good and its organizer could not be told ({Error}); the session's stats still show it")]
    private partial void LogFailedPostNotNoticed(Guid id, string error);

    [LoggerMessage(EventId = 308, Level = LogLevel.Information, Message = "{Instances} dispatchers are live on {Channel}; each takes that part of its per-app rate limits")]
    private partial void LogShare(int instances, string channel);
}

/// <summary>
/// Runs the dispatcher in the web host: a short pause when idle, none while there is work, and a heartbeat beside it
/// that keeps its claims and its part of the rate limits current. On a clean stop it gives its claims back.
/// </summary>
internal sealed partial class OutboxDispatcherService(OutboxDispatcher dispatcher, TimeProvider clock, IOptions<DeliveryOptions> options, ILogger<OutboxDispatcherService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // "Delivery:Enabled" = false leaves sending to another instance (or, in endpoint tests, to the test).
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        using var beats = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeat = Task.CompletedTask;
        try
        {
            // Join first. With other instances live, wait one beat: by then each has seen this one and lowered its
            // part of the limits, so together they never take more than a tenant's limit; then beat again, to count
            // the instances that joined meanwhile (several often start together). Alone, send at once: an instance
            // that joins later sees this one and waits, and of several joining together only the first to write its
            // beat can find itself alone (each reads the live instances after its own beat is written).
            if (await BeatAsync(stoppingToken) != 1)
            {
                await Task.Delay(settings.Heartbeat, clock, stoppingToken);
                await BeatAsync(stoppingToken);
            }
            heartbeat = HeartbeatLoopAsync(beats.Token);
            await DispatchLoopAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await beats.CancelAsync();
            await heartbeat;
            await LeaveAsync();
        }
    }

    private async Task DispatchLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int handled;
            try
            {
                handled = await dispatcher.RunUntilIdleAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A database hiccup must not stop delivery for good; leases make the retry safe.
                LogBatchFailed(ex.GetType().Name);
                handled = 0;
            }

            if (handled == 0)
            {
                await Task.Delay(options.Value.IdleDelay, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.Heartbeat, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await BeatAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Beats; returns the most live instances on any of this one's channels, or null when the beat failed.</summary>
    private async Task<int?> BeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await dispatcher.HeartbeatAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A missed beat costs nothing until three are missed in a row: then the others count this instance out,
            // its claims run out, and every send it starts is refused by the lease check.
            LogBeatFailed(ex.GetType().Name);
            return null;
        }
    }

    private async Task LeaveAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await dispatcher.LeaveAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            // The claims run out on their own after Delivery:Lease.
            LogLeaveFailed(ex.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "A delivery batch failed ({Error}); trying again after the idle pause")]
    private partial void LogBatchFailed(string error);

    [LoggerMessage(EventId = 311, Level = LogLevel.Warning, Message = "Delivery heartbeat failed ({Error})")]
    private partial void LogBeatFailed(string error);

    [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "Could not give back delivery claims on stop ({Error}); they run out after the lease")]
    private partial void LogLeaveFailed(string error);
}
