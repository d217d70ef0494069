using System.Diagnostics;
using CoPBot.Services.App;

namespace CoPBot.Benchmarks;

/// <summary>roster: "who else is in this network" (RosterService.NetworkAsync) on a large network, asked by a member.</summary>
internal static class RosterScenario
{
    public static async Task<int> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var members = args.Int("members", 100_000, max: 1_000_000);
        var queries = args.Int("queries", 200, max: 100_000);
        var dbKind = args.Choice("db", "sqlite", "sqlite", "postgres");
        var postgres = args.OptionalText("postgres");
        args.EnsureAllUsed();

        Report.Title($"roster: {members} members, {queries} queries, {dbKind}");
        await using var database = await BenchDatabase.CreateAsync(dbKind, postgres, cancellationToken);
        await using var app = await BotHost.BuildAsync(new BotHostPlan { Settings = database.Settings() }, cancellationToken);

        var seeding = Stopwatch.GetTimestamp();
        var world = await BenchWorld.CreateAsync(app.Services, members, "both", bulk: true, teamsServiceUrl: null, rememberAddresses: false, cancellationToken);
        Report.Line("seed seconds (bulk insert of people, accounts, memberships)", Report.F(Stopwatch.GetElapsedTime(seeding).TotalSeconds));

        Actor reader;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            reader = await scope.ServiceProvider.GetRequiredService<PeopleService>().GetActorAsync(world.Members[0].PersonId, cancellationToken);
        }

        // Warm-up: JIT, query compilation, the database's caches.
        Services.Views.RosterView view = null!;
        for (var i = 0; i < 3; i++)
        {
            view = await AskAsync(app.Services, reader, cancellationToken);
        }

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var latencies = new List<double>(queries);
        var total = Stopwatch.GetTimestamp();
        for (var i = 0; i < queries; i++)
        {
            var started = Stopwatch.GetTimestamp();
            view = await AskAsync(app.Services, reader, cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var seconds = Stopwatch.GetElapsedTime(total).TotalSeconds;
        var cpuPerQuery = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / queries;
        var names = view.Groups.Sum(g => g.Names.Count);
        Report.Line("names shown", names);
        Report.Line("visible but not listed (the answer lists at most RosterService.MaxNames)", view.MoreVisible);
        Report.Line("groups (organization, department)", view.Groups.Count);
        Report.Line("others (counted, not named)", view.Others);
        Report.Line("queries", queries);
        Report.Line("queries per second (one at a time)", Report.F(queries / seconds, 2));
        Report.Latencies("roster", latencies);

        // Steadier than wall-clock on a shared machine; the bench process only (SQLite runs in it, a PostgreSQL server does not).
        Report.Line("CPU ms per query (this process, all threads)", Report.F(cpuPerQuery, 2));
        Report.Line("allocated per query", Report.Mb((GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / queries));
        Report.Memory();
        Report.Table(["members", "db", "queries", "p50 ms", "p99 ms", "names", "others", "alloc/query"],
            [[members.ToString(), dbKind, queries.ToString(), Report.F(Report.Percentile(latencies, 0.5), 1), Report.F(Report.Percentile(latencies, 0.99), 1),
                names.ToString(), view.Others.ToString(), Report.Mb((GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / queries)]]);
        return names + view.MoreVisible + view.Others == members ? 0 : 1;
    }

    private static async Task<Services.Views.RosterView> AskAsync(IServiceProvider services, Actor reader, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RosterService>().NetworkAsync(reader, BenchWorld.Handle, cancellationToken);
    }
}
