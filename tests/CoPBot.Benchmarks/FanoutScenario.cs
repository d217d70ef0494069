using System.Diagnostics;
using CoPBot.Bot.Conversation;
using CoPBot.Services.Outbox;
using CoPBot.Services.Storage;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Benchmarks;

/// <summary>
/// fanout: invitations to N members through the real dispatcher, the real Teams and Slack senders and their HTTP
/// clients, against the rate-limiting fakes on loopback. Stops when nothing of the run is pending, or at --timeout.
/// </summary>
internal static class FanoutScenario
{
    public static async Task<int> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var members = args.Int("members", 1000, max: 200_000);
        var platform = args.Choice("platform", "teams", "teams", "slack", "both");
        var dbKind = args.Choice("db", "sqlite", "sqlite", "postgres");
        var postgres = args.OptionalText("postgres");
        var timeout = TimeSpan.FromSeconds(args.Seconds("timeout", 1800));
        var bulk = args.Choice("seed", members > 2000 ? "bulk" : "services", "services", "bulk") == "bulk";
        var limits = new PlatformLimits { SlackOpenPerMinute = args.Int("slack-open-per-minute", 50, max: 100_000) };
        args.EnsureAllUsed();

        Report.Title($"fanout: {members} members on {platform}, {dbKind}, seeded {(bulk ? "in bulk" : "through the services")}");
        await using var fakes = await FakePlatforms.StartAsync(limits, cancellationToken);
        await using var database = await BenchDatabase.CreateAsync(dbKind, postgres, cancellationToken);
        await using var app = await BotHost.BuildAsync(new BotHostPlan
        {
            Settings = database.Settings().Concat(BotHost.PlatformSettings(fakes.TeamsServiceUrl, fakes.SlackApiBaseUrl)),
            Delivery = true,
            Configure = BotHost.FakeTeamsToken,
        }, cancellationToken);

        var (world, run, _) = await SeedAsync(app.Services, members, platform, bulk, fakes, cancellationToken);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        await app.StartAsync(cancellationToken);
        var tally = await WaitForRunAsync(app.Services, run.RunId, timeout, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await app.StopAsync(CancellationToken.None);

        var failures = Print(tally, fakes, started, elapsed, limits);
        Report.Line("allocated while dispatching (dispatcher, senders, fakes)", Report.Mb(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore));
        Report.Memory();
        return failures == 0 && tally.Pending == 0 ? 0 : 1;
    }

    /// <summary>Builds the world and queues the invitations (SessionService.SendInvitationsAsync), printing how long each took.</summary>
    public static async Task<(BenchWorld World, Services.Views.InvitationRun Run, int Queued)> SeedAsync(
        IServiceProvider services, int members, string platform, bool bulk, FakePlatforms fakes, CancellationToken cancellationToken)
    {
        var seeding = Stopwatch.GetTimestamp();
        var world = await BenchWorld.CreateAsync(services, members, platform, bulk, fakes.TeamsServiceUrl, rememberAddresses: true, cancellationToken);
        Report.Line("seed seconds (members, memberships, addresses)", Report.F(Stopwatch.GetElapsedTime(seeding).TotalSeconds));

        var enqueueing = Stopwatch.GetTimestamp();
        var run = await world.SendInvitationsAsync(services, cancellationToken);
        Report.Line("SendInvitationsAsync seconds", Report.F(Stopwatch.GetElapsedTime(enqueueing).TotalSeconds, 2));
        Report.Line("invited", run.Invited);
        return (world, run, run.Invited);
    }

    /// <summary>Polls the run's outbox rows until none is pending, or until the timeout.</summary>
    public static async Task<RunTally> WaitForRunAsync(IServiceProvider services, Guid runId, TimeSpan timeout, CancellationToken cancellationToken, Func<Task>? onPoll = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var tally = await TallyAsync(services, runId, cancellationToken);
            if (tally.Pending == 0 || Stopwatch.GetTimestamp() > deadline)
            {
                if (tally.Pending > 0)
                {
                    Report.Line("stopped at timeout with pending", tally.Pending);
                }

                return tally;
            }

            if (onPoll is not null)
            {
                await onPoll();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    public static async Task<RunTally> TallyAsync(IServiceProvider services, Guid runId, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoPBotDbContext>();
        var rows = await db.Outbox.AsNoTracking().Where(o => o.RunId == runId)
            .GroupBy(o => new { o.Channel, o.Status })
            .Select(g => new { g.Key.Channel, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var retried = await db.Outbox.AsNoTracking().Where(o => o.RunId == runId && o.Attempts > 0).CountAsync(cancellationToken);
        return new RunTally(rows.Select(r => (r.Channel, r.Status, r.Count)).ToList(), retried);
    }

    /// <summary>Prints the figures per platform; returns lost plus duplicates (0 when all went well).</summary>
    public static int Print(RunTally tally, FakePlatforms fakes, long started, TimeSpan elapsed, PlatformLimits limits)
    {
        var totalLost = 0;
        var totalDuplicates = 0;
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (channel, platform) in new[] { (ChatChannels.Teams, "teams"), (ChatChannels.Slack, "slack") })
        {
            var queued = tally.Count(channel, null);
            if (queued == 0)
            {
                continue;
            }

            var sent = tally.Count(channel, OutboxStatus.Sent);
            var dead = tally.Count(channel, OutboxStatus.DeadLetter);
            var withdrawn = tally.Count(channel, OutboxStatus.Withdrawn);
            var pending = tally.Count(channel, OutboxStatus.Pending);
            var seconds = fakes.LastAcceptedAt(platform) is { } last ? Stopwatch.GetElapsedTime(started, last).TotalSeconds : elapsed.TotalSeconds;
            var rate = sent / seconds;
            // Slack: only DMs the bot had to open (conversations.open, tier 3) are bound; remembered DM channels are
            // limited per channel alone, one message each here, so nothing binds them.
            var boundSeconds = platform == "teams"
                ? queued / (double)limits.TeamsTenant[0].Count
                : Math.Floor((fakes.SlackOpens - 1) / (double)limits.SlackOpenPerMinute) * 60;
            var bound = boundSeconds > 0 ? queued / boundSeconds : double.PositiveInfinity;
            // Lost: queued, yet neither accepted by the platform, nor dead-lettered, withdrawn or still waiting.
            var lost = queued - fakes.UniqueDelivered(platform) - dead - withdrawn - pending;
            totalLost += lost;
            totalDuplicates += fakes.Duplicates(platform);
            var prefix = platform + " ";
            Report.Line(prefix + "messages queued", queued);
            Report.Line(prefix + "messages sent", sent);
            Report.Line(prefix + "accepted by the fake (recipient+session pairs)", fakes.UniqueDelivered(platform));
            Report.Line(prefix + "dead-lettered", dead);
            Report.Line(prefix + "withdrawn", withdrawn);
            Report.Line(prefix + "still pending", pending);
            Report.Line(prefix + "seconds (dispatcher start to last accepted message)", Report.F(seconds, 2));
            Report.Line(prefix + "messages per second", Report.F(rate, 2));
            if (fakes.FirstAcceptedAt(platform) is { } first && fakes.LastAcceptedAt(platform) is { } lastAt && lastAt > first)
            {
                // Without start-up (process start, host build, a new dispatcher's one-heartbeat wait before it sends).
                Report.Line(prefix + "seconds to the first accepted message", Report.F(Stopwatch.GetElapsedTime(started, first).TotalSeconds, 2));
                Report.Line(prefix + "messages per second, first to last accepted", Report.F((fakes.UniqueDelivered(platform) - 1) / Stopwatch.GetElapsedTime(first, lastAt).TotalSeconds, 2));
            }

            Report.Line(prefix + "limit-bound messages per second", platform == "teams"
                ? $"{Report.F(bound, 2)} (per app per tenant {limits.TeamsTenant[0].Count}/s)"
                : $"{Report.F(bound, 2)} (conversations.open {limits.SlackOpenPerMinute}/min for the {fakes.SlackOpens} DM channels the bot opened; the others were remembered)");
            Report.Line(prefix + "ratio to the limit-bound maximum", Report.F(double.IsFinite(bound) ? rate / bound : double.NaN, 3));
            Report.Line(prefix + "429s received", fakes.Throttled(platform));
            Report.Line(prefix + "duplicates", fakes.Duplicates(platform));
            Report.Line(prefix + "lost (queued - accepted once - dead-lettered - withdrawn - pending)", lost);
            rows.Add([platform, queued.ToString(), sent.ToString(), dead.ToString(), fakes.Duplicates(platform).ToString(), lost.ToString(),
                fakes.Throttled(platform).ToString(), Report.F(seconds, 1), Report.F(rate, 2), Report.F(bound, 2), Report.F(double.IsFinite(bound) ? rate / bound : double.NaN, 3)]);
        }

        Report.Line("messages retried at least once", tally.Retried);
        Report.Line("HTTP requests to the fakes", fakes.Requests);
        Report.Table(["platform", "queued", "sent", "dead", "dup", "lost", "429", "s", "msg/s", "bound/s", "ratio"], rows);
        return totalLost + totalDuplicates;
    }
}

/// <summary>A run's outbox rows by channel and status.</summary>
internal sealed record RunTally(IReadOnlyList<(string Channel, OutboxStatus Status, int Count)> Rows, int Retried)
{
    public int Pending => Rows.Where(r => r.Status == OutboxStatus.Pending).Sum(r => r.Count);

    public int Count(string channel, OutboxStatus? status) =>
        Rows.Where(r => r.Channel == channel && (status is null || r.Status == status)).Sum(r => r.Count);
}
