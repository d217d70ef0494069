using System.Diagnostics;
using System.Runtime;
using CoPBot.Bot.Conversation;
using CoPBot.Services.App;
using CoPBot.Services.Views;

namespace CoPBot.Benchmarks;

/// <summary>
/// roster: "who else is in this network" on a large network, asked by a member, measured twice, one at a time: the
/// query alone (RosterService.NetworkAsync in a scope of its own, as a turn gets one), and the whole turn as the router
/// runs it ("who bench-practice" with a new turn id: its transaction, the person's lookup, the roster, the card).
/// Both are first run, alternately, for at least --warm-up seconds and then until the JIT compiled nothing for a whole
/// second (at most 120 s): three calls, as before, measured .NET's compilations (the quick first ones, then the optimized
/// ones of the tiered compiler), not the roster; on a busy machine the tiered compiler lags for tens of seconds.
/// </summary>
internal static class RosterScenario
{
    private const string Question = "who " + BenchWorld.Handle;
    private static readonly TimeSpan QuietJit = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(120);

    public static async Task<int> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var members = args.Int("members", 100_000, max: 1_000_000);
        var queries = args.Int("queries", 200, max: 100_000);
        var warmUp = TimeSpan.FromSeconds(args.Seconds("warm-up", 5));
        var dbKind = args.Choice("db", "sqlite", "sqlite", "postgres");
        var postgres = args.OptionalText("postgres");
        var joiners = args.Int("joiners", 0, min: 0, max: 256);
        var rounds = args.Int("rounds", 20, max: 10_000);
        var countTrigger = args.Choice("count-trigger", "on", "on", "off") == "on";
        args.EnsureAllUsed();
        if (joiners > 0 && dbKind != "postgres")
        {
            throw new UsageException("--joiners measures PostgreSQL's row locks; SQLite has one writer, every write waits for the one before.");
        }

        Report.Title($"roster: {members} members, {queries} queries, {dbKind}");
        await using var database = await BenchDatabase.CreateAsync(dbKind, postgres, cancellationToken);
        await using var app = await BotHost.BuildAsync(new BotHostPlan { Settings = database.Settings() }, cancellationToken);

        var seeding = Stopwatch.GetTimestamp();
        var world = await BenchWorld.CreateAsync(app.Services, members, "both", bulk: true, teamsServiceUrl: null, rememberAddresses: false, cancellationToken);
        Report.Line("seed seconds (bulk insert of people, accounts, memberships)", Report.F(Stopwatch.GetElapsedTime(seeding).TotalSeconds));

        var member = world.Members[0];
        var user = new ChatUser(member.Channel, member.TenantId, member.UserId, "Member 0", "UTC");
        Actor reader;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            reader = await scope.ServiceProvider.GetRequiredService<PeopleService>().GetActorAsync(member.PersonId, cancellationToken);
        }

        RosterView? view = null;
        var asks = new Func<Task<bool>>[]
        {
            async () =>
            {
                view = await AskAsync(app.Services, reader, cancellationToken);
                return true;
            },
            () => TurnAsync(app.Services, user, cancellationToken),
        };
        var warming = Stopwatch.GetTimestamp();
        var warmed = 0;
        var quiet = Stopwatch.GetTimestamp();
        var compiled = JitInfo.GetCompiledMethodCount();
        while (Stopwatch.GetElapsedTime(warming) < MaxWarmUp
            && (Stopwatch.GetElapsedTime(warming) < warmUp || Stopwatch.GetElapsedTime(quiet) < QuietJit))
        {
            await asks[warmed++ % asks.Length]();
            if (JitInfo.GetCompiledMethodCount() != compiled)
            {
                compiled = JitInfo.GetCompiledMethodCount();
                quiet = Stopwatch.GetTimestamp();
            }
        }

        Report.Line("warm-up seconds (until the JIT compiled nothing for a second)", Report.F(Stopwatch.GetElapsedTime(warming).TotalSeconds));
        Report.Line("warm-up calls", warmed);
        var query = await MeasureAsync("roster query", queries, asks[0]);
        var turn = await MeasureAsync("roster turn", queries, asks[1]);
        var shown = view!;
        var names = shown.Groups.Sum(g => g.Names.Count);
        Report.Line("names shown", names);
        Report.Line("visible but not listed (the answer lists at most RosterService.MaxNames)", shown.MoreVisible);
        Report.Line("groups (organization, department)", shown.Groups.Count);
        Report.Line("others (counted, not named)", shown.Others);
        Report.Memory();
        Report.Table(["members", "db", "measured", "calls", "p50 ms", "p99 ms", "CPU ms/call", "alloc/call"],
            [query.Row(members, dbKind, queries), turn.Row(members, dbKind, queries)]);
        if (joiners > 0)
        {
            await RosterContention.RunAsync(app.Services, database.ConnectionString, world, joiners, rounds, countTrigger, cancellationToken);
        }

        return names + shown.MoreVisible + shown.Others == members && query.Failed + turn.Failed == 0 ? 0 : 1;
    }

    /// <summary>Wall-clock latencies, and this process's CPU and allocations per call (SQLite runs in it, a PostgreSQL server does not).</summary>
    private static async Task<Measured> MeasureAsync(string name, int calls, Func<Task<bool>> ask)
    {
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var jitBefore = JitInfo.GetCompilationTime();
        var latencies = new List<double>(calls);
        var total = Stopwatch.GetTimestamp();
        var failed = 0;
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            failed += await ask() ? 0 : 1;
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var seconds = Stopwatch.GetElapsedTime(total).TotalSeconds;
        var measured = new Measured(name, latencies, (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / calls,
            (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / calls, failed);
        Report.Line($"{name}: calls per second (one at a time)", Report.F(calls / seconds, 2));
        Report.Latencies(name, latencies);
        Report.Line($"{name}: CPU ms per call (this process, all threads)", Report.F(measured.CpuMs, 2));
        Report.Line($"{name}: allocated per call", Report.Mb(measured.Allocated));
        Report.Line($"{name}: failed (no roster card)", failed);
        Report.Line($"{name}: JIT ms during the calls (should be about 0)", Report.F((JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds));
        return measured;
    }

    private static async Task<RosterView> AskAsync(IServiceProvider services, Actor reader, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RosterService>().NetworkAsync(reader, BenchWorld.Handle, cancellationToken);
    }

    /// <summary>The turn as a platform hands it over; true when the answer is the roster's card.</summary>
    private static async Task<bool> TurnAsync(IServiceProvider services, ChatUser user, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var reply = await scope.ServiceProvider.GetRequiredService<IConversationRouter>().HandleAsync(new ChatTurn
        {
            User = user,
            Conversation = new ChatConversation("bench-roster", ChatConversationKind.Personal),
            Text = Question,
            TurnId = Guid.NewGuid().ToString("N"),
        }, cancellationToken);
        return reply.Cards is [{ Kind: Cards.Views.CardKinds.Roster }];
    }

    private sealed record Measured(string Name, List<double> Latencies, double CpuMs, long Allocated, int Failed)
    {
        public IReadOnlyList<string> Row(int members, string db, int calls) =>
        [
            members.ToString(System.Globalization.CultureInfo.InvariantCulture), db, Name, calls.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Report.F(Report.Percentile(Latencies, 0.5), 1), Report.F(Report.Percentile(Latencies, 0.99), 1), Report.F(CpuMs, 2), Report.Mb(Allocated),
        ];
    }
}
