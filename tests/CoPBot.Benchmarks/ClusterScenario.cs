using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace CoPBot.Benchmarks;

/// <summary>
/// fanout-cluster: the fan-out on one PostgreSQL with several dispatcher instances, each a separate process of this
/// exe in "worker" mode (its own DI container, lease owner and HTTP clients). One is killed (Process.Kill) after
/// --kill-after seconds after its first message; the others pick up its claimed rows once their lease runs out.
/// </summary>
internal static class ClusterScenario
{
    private const string StorageVariable = "COPBOT_BENCH_STORAGE";

    public static async Task<int> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var members = args.Int("members", 10_000, max: 200_000);
        var instances = args.Int("instances", 3, min: 2, max: 16);
        var killAfter = TimeSpan.FromSeconds(args.Seconds("kill-after", 5));
        var platform = args.Choice("platform", "teams", "teams", "slack", "both");
        var postgres = args.OptionalText("postgres");
        var timeout = TimeSpan.FromSeconds(args.Seconds("timeout", 1800));
        var bulk = args.Choice("seed", members > 2000 ? "bulk" : "services", "services", "bulk") == "bulk";
        var limits = new PlatformLimits { SlackOpenPerMinute = args.Int("slack-open-per-minute", 50, max: 100_000) };
        args.EnsureAllUsed();

        Report.Title($"fanout-cluster: {members} members on {platform}, {instances} dispatcher processes on postgres, one killed {killAfter.TotalSeconds} s after its first message");
        await using var fakes = await FakePlatforms.StartAsync(limits, cancellationToken);
        await using var database = await BenchDatabase.CreateAsync("postgres", postgres, cancellationToken);
        var settings = database.Settings().Concat(BotHost.PlatformSettings(fakes.TeamsServiceUrl, fakes.SlackApiBaseUrl)).ToList();

        // The parent seeds and watches; it never dispatches.
        await using var app = await BotHost.BuildAsync(new BotHostPlan { Settings = settings, Configure = BotHost.FakeTeamsToken }, cancellationToken);
        var (_, run, _) = await FanoutScenario.SeedAsync(app.Services, members, platform, bulk, fakes, cancellationToken);

        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, instances).Select(i => Worker.Start(i, database.ConnectionString, fakes)).ToList();
        Worker? killed = null;
        var tally = await FanoutScenario.WaitForRunAsync(app.Services, run.RunId, timeout, cancellationToken, onPoll: () =>
        {
            // The clock starts when the worker has sent its first message (process start, host build, the join wait and
            // a cold first batch take seconds on a busy machine), so it dies mid-way.
            if (killed is null && workers[0].FirstSentAt is { } firstSent && Stopwatch.GetElapsedTime(firstSent) >= killAfter)
            {
                killed = workers[0];
                killed.Kill();
                Report.Line($"killed worker 0 (pid {killed.ProcessId}) at second", Report.F(Stopwatch.GetElapsedTime(started).TotalSeconds));
            }

            return Task.CompletedTask;
        });
        var elapsed = Stopwatch.GetElapsedTime(started);
        foreach (var worker in workers)
        {
            await worker.StopAsync();
        }

        foreach (var worker in workers)
        {
            Report.Line($"worker {worker.Index} sent", worker == killed ? $"{worker.Sent} (killed; last count it reported)" : worker.Sent.ToString(CultureInfo.InvariantCulture));
            if (worker.Final is { } final)
            {
                Report.Line($"worker {worker.Index} memory", final);
            }
        }

        var failures = FanoutScenario.Print(tally, fakes, started, elapsed, limits);
        Report.Line("note", "the killed worker's claimed rows wait out Delivery:Lease (20 s by default; live workers' heartbeats extend theirs) before another instance sends them");
        Report.Memory("parent (seeding, fakes) ");
        return failures == 0 && tally.Pending == 0 ? 0 : 1;
    }

    /// <summary>worker mode: one dispatcher instance until its standard input closes. Prints "sent N" as it goes.</summary>
    public static async Task<int> RunWorkerAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var teams = new Uri(args.Text("teams-url", ""));
        var slack = new Uri(args.Text("slack-url", ""));
        var storage = Environment.GetEnvironmentVariable(StorageVariable) ?? throw new UsageException($"worker needs {StorageVariable}.");
        args.EnsureAllUsed();

        var counter = new SendCounter();
        await using var app = await BotHost.BuildAsync(new BotHostPlan
        {
            Settings = [new("Storage:Provider", "Postgres"), new("Storage:ConnectionString", storage), new("Storage:MigrateOnStartup", "false"),
                .. BotHost.PlatformSettings(teams, slack)],
            Delivery = true,
            Counter = counter,
            Configure = BotHost.FakeTeamsToken,
        }, cancellationToken);
        await app.StartAsync(cancellationToken);
        Console.WriteLine("ready");

        var stdinClosed = Task.Run(() => Console.In.ReadToEnd(), CancellationToken.None);
        var reported = -1L;
        while (!stdinClosed.IsCompleted && !cancellationToken.IsCancellationRequested)
        {
            if (counter.Sent != reported)
            {
                reported = counter.Sent;
                Console.WriteLine($"sent {reported}");
            }

            await Task.WhenAny(stdinClosed, Task.Delay(100, cancellationToken));
        }

        await app.StopAsync(CancellationToken.None);
        Console.WriteLine($"sent {counter.Sent}");
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"final peak working set {Report.Mb(process.PeakWorkingSet64)}, allocated {Report.Mb(GC.GetTotalAllocatedBytes(precise: true))}");
        return 0;
    }

    /// <summary>A worker process started from this same executable.</summary>
    private sealed class Worker
    {
        private readonly Process process;
        private long sent;

        private Worker(int index, Process process)
        {
            Index = index;
            this.process = process;
        }

        public int Index { get; }

        public int ProcessId => process.Id;

        public long Sent => Interlocked.Read(ref sent);

        public string? Final { get; private set; }

        /// <summary>When the worker first reported a sent message (Stopwatch timestamp).</summary>
        public long? FirstSentAt { get; private set; }

        public static Worker Start(int index, string storage, FakePlatforms fakes)
        {
            var info = new ProcessStartInfo
            {
                FileName = Environment.ProcessPath!,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
            }

            foreach (var argument in new[] { "worker", "--teams-url", fakes.TeamsServiceUrl.ToString(), "--slack-url", fakes.SlackApiBaseUrl.ToString() })
            {
                info.ArgumentList.Add(argument);
            }

            // The connection string goes through the environment, not the command line that `ps` shows.
            info.Environment[StorageVariable] = storage;
            var process = Process.Start(info) ?? throw new InvalidOperationException("The worker did not start.");
            var worker = new Worker(index, process);
            process.OutputDataReceived += (_, e) => worker.OnLine(e.Data);
            process.BeginOutputReadLine();
            return worker;
        }

        public void Kill() => process.Kill(entireProcessTree: true);

        public async Task StopAsync()
        {
            if (!process.HasExited)
            {
                process.StandardInput.Close();
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try
                {
                    await process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                }
            }

            await process.WaitForExitAsync();
            process.Dispose();
        }

        private void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            if (line.StartsWith("sent ", StringComparison.Ordinal) && long.TryParse(line.AsSpan(5), CultureInfo.InvariantCulture, out var count))
            {
                Interlocked.Exchange(ref sent, count);
                if (count > 0 && FirstSentAt is null)
                {
                    FirstSentAt = Stopwatch.GetTimestamp();
                }
            }
            else if (line.StartsWith("final ", StringComparison.Ordinal))
            {
                Final = line[6..];
            }
        }
    }
}
