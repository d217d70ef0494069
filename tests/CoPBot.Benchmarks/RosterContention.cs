using System.Diagnostics;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Storage;
using Npgsql;

namespace CoPBot.Benchmarks;

/// <summary>
/// roster --joiners N (PostgreSQL): whether one network's count rows (RosterCounts, one row per visibility and
/// organization, updated by a trigger in the transaction of every membership write) make concurrent turns wait. N
/// members each leave and rejoin the network, one turn each (TurnLedger, as the router runs a turn), all at once; a
/// sampler reads every few milliseconds which lock the turns' backends wait on: the network's advisory lock that
/// every join takes before it writes (joins and invitation rounds of one network see each other's commits, by
/// design), or a row another transaction holds until it commits ("transactionid"/"tuple": the count row, as no other
/// row is shared between these turns). With --count-trigger off the same turns run without the count trigger, to
/// compare (the counts are then wrong, so this comes last).
/// </summary>
internal static class RosterContention
{
    public static async Task RunAsync(IServiceProvider services, string connectionString, BenchWorld world, int joiners, int rounds, bool countTrigger, CancellationToken cancellationToken)
    {
        if (!countTrigger)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var disable = new NpgsqlCommand(
                """ALTER TABLE "Memberships" DISABLE TRIGGER "Memberships_RosterCount", DISABLE TRIGGER "Memberships_RosterCount_Update" """, connection);
            await disable.ExecuteNonQueryAsync(cancellationToken);
        }

        Report.Line("contention: count trigger", countTrigger ? "on" : "off (A/B only: the counts are no longer kept)");
        var members = new List<Actor>();
        await using (var scope = services.CreateAsyncScope())
        {
            var people = scope.ServiceProvider.GetRequiredService<PeopleService>();
            foreach (var member in world.Members.Skip(1).Take(joiners))
            {
                members.Add(await people.GetActorAsync(member.PersonId, cancellationToken));
            }
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampling = SampleWaitsAsync(connectionString, stop.Token);
        var started = Stopwatch.GetTimestamp();
        var turns = await Task.WhenAll(members.Select(member => Task.Run(() => LeaveAndRejoinAsync(services, member, rounds, cancellationToken), cancellationToken)));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await stop.CancelAsync();
        var (samples, waits) = await sampling;
        var leaves = turns.SelectMany(t => t.Leaves).ToList();
        var joins = turns.SelectMany(t => t.Joins).ToList();
        Report.Line("contention: turns (a leave and a rejoin per round, each its own transaction)", leaves.Count + joins.Count);
        Report.Line("contention: turns per second", Report.F((leaves.Count + joins.Count) / seconds, 1));
        Report.Latencies("contention leave", leaves);
        Report.Latencies("contention join", joins);
        Report.Line("contention: sampler readings", samples);
        Report.Line("contention: turns running, on average", Report.F(waits.GetValueOrDefault("running") / (double)samples, 2));
        foreach (var (lockType, count) in waits.Where(w => w.Key != "running").OrderByDescending(w => w.Value))
        {
            Report.Line($"contention: turns waiting on a lock ({lockType}), on average", Report.F(count / (double)samples, 2));
        }
    }

    private static async Task<(List<double> Leaves, List<double> Joins)> LeaveAndRejoinAsync(IServiceProvider services, Actor member, int rounds, CancellationToken cancellationToken)
    {
        var (leaves, joins) = (new List<double>(rounds), new List<double>(rounds));
        for (var i = 0; i < rounds; i++)
        {
            leaves.Add(await TurnAsync(services, (networks, ct) => networks.LeaveAsync(member, BenchWorld.Handle, ct), cancellationToken));
            joins.Add(await TurnAsync(services, (networks, ct) => networks.JoinAsync(member, BenchWorld.Handle, MembershipLevel.Invitations, ct), cancellationToken));
        }

        return (leaves, joins);
    }

    private static async Task<double> TurnAsync<T>(IServiceProvider services, Func<NetworkService, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        where T : class
    {
        var started = Stopwatch.GetTimestamp();
        await using var scope = services.CreateAsyncScope();
        var networks = scope.ServiceProvider.GetRequiredService<NetworkService>();
        await scope.ServiceProvider.GetRequiredService<TurnLedger>().RunOnceAsync(Guid.NewGuid().ToString("N"), ct => work(networks, ct), cancellationToken);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>Counts, per reading, this database's backends running a statement and those waiting for a lock, by lock type.</summary>
    private static async Task<(int Samples, Dictionary<string, int> Waits)> SampleWaitsAsync(string connectionString, CancellationToken cancellationToken)
    {
        var waits = new Dictionary<string, int>(StringComparer.Ordinal);
        var samples = 0;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(
            """
            SELECT coalesce(l.locktype, 'running'), count(*)::int
            FROM pg_stat_activity a LEFT JOIN pg_locks l ON l.pid = a.pid AND NOT l.granted
            WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.state = 'active'
            GROUP BY 1
            """, connection);
        while (!cancellationToken.IsCancellationRequested)
        {
            samples++;
            await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
            {
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    waits[reader.GetString(0)] = waits.GetValueOrDefault(reader.GetString(0)) + reader.GetInt32(1);
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(2), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return (samples, waits);
    }
}
