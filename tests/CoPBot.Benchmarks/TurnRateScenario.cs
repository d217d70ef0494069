using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CoPBot.Cards;

namespace CoPBot.Benchmarks;

/// <summary>
/// turn-rate (issue 11), measured from outside: the published bot runs as a process of its own in Production,
/// pinned to core 1, with real JWT validation against the loopback authority (HTTPS, a throwaway certificate the bot
/// trusts through OpenSSL's trust-store variables only) and the fake Teams connector for its replies; wrk on core 0
/// drives it with a new activity id per request, users mixed, each answering yes and no in turn. The comparison, the
/// Bot Framework JS SDK echo bot (npm-installed into a temp folder), runs on the same core with the same script;
/// runs alternate echo, CoPBot, echo, CoPBot at each connection count.
/// </summary>
internal static class TurnRateScenario
{
    private const int BotCore = 1;
    private const int DriverCore = 0;

    public static async Task<int> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var seconds = args.Int("seconds", 8, 1, 120);
        var warmUp = args.Int("warm-up", 15, 1, 120);
        var connections = args.Text("connections", "1,8,64").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        var rounds = args.Int("rounds", 2, 1, 10);
        var users = args.Int("users", 2048, 16, 100_000);
        var dbKind = args.Choice("db", "sqlite", "sqlite", "postgres");
        var postgres = args.OptionalText("postgres");
        var instances = args.Int("instances", 1, 1, 8);
        var published = args.OptionalText("bot");
        var echo = args.Choice("echo", "on", "on", "off") == "on";
        args.EnsureAllUsed();
        if (instances > 1 && dbKind != "postgres")
        {
            throw new UsageException("Several instances share one database only on PostgreSQL (--db postgres).");
        }

        foreach (var tool in echo ? ["taskset", "wrk", "node", "npm"] : new[] { "taskset", "wrk" })
        {
            if (Which(tool) is null)
            {
                throw new UsageException($"turn-rate needs {tool} on the PATH.");
            }
        }

        var clock = Stopwatch.StartNew();
        await PinAsync(Environment.ProcessId, DriverCore, cancellationToken);
        var work = Directory.CreateTempSubdirectory("copbot-turn-rate-").FullName;
        try
        {
            Report.Title($"turn-rate: CoPBot ({dbKind}, {instances} instance(s)) against the Bot Framework JS SDK echo bot, {rounds} rounds × {string.Join('/', connections)} connections × {seconds} s");
            Report.Line("load average (1 min)", File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a");
            var botDll = published is not null ? Path.Combine(published, "CoPBot.Bot.dll") : await PublishAsync(work, cancellationToken);
            var echoDir = echo ? await InstallEchoAsync(work, cancellationToken) : null;
            Report.Line("prepared after s", Report.F(clock.Elapsed.TotalSeconds, 0));

            // Replies are queued by the platform's per-conversation limits, not dropped; the per-tenant 50/s belongs to
            // proactive fan-out (the scale benchmark), so this fake does not apply it to inline replies.
            await using var fakes = await FakePlatforms.StartAsync(new PlatformLimits { TeamsTenant = [] }, cancellationToken);
            await using var authority = await LoopbackAuthority.StartAsync(cancellationToken);
            await using var database = await BenchDatabase.CreateAsync(dbKind, postgres, cancellationToken);
            var world = await SeedAsync(database, fakes, users, cancellationToken);
            Report.Line("seeded after s", Report.F(clock.Elapsed.TotalSeconds, 0));

            var serviceUrl = fakes.TeamsServiceUrl.ToString();
            var token = authority.Authority.Mint(DateTimeOffset.UtcNow, BenchTenants.TeamsAppId, serviceUrl, expiresIn: TimeSpan.FromHours(1));
            var script = Path.Combine(AppContext.BaseDirectory, "turn-rate.lua");
            var data = Path.Combine(work, "turn-rate-data.lua");
            await File.WriteAllTextAsync(data, LuaData(world, serviceUrl, token), cancellationToken);
            var echoData = Path.Combine(work, "turn-rate-echo-data.lua");
            await File.WriteAllTextAsync(echoData, LuaData(world, serviceUrl, token: null), cancellationToken);

            var environment = BotEnvironment(database, fakes, authority, work);
            var copbots = new List<Target>();
            for (var i = 0; i < instances; i++)
            {
                var port = PinnedProcess.FreePort();
                var probe = Path.Combine(work, $"probe-{i}.sock");
                var process = await PinnedProcess.StartAsync($"copbot-{i}", BotCore, "dotnet", [botDll], Path.GetDirectoryName(botDll)!,
                    new Dictionary<string, string>(environment)
                    {
                        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                        ["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location,
                        [StartupHook.Variable] = probe,
                    }, port, cancellationToken);
                copbots.Add(new Target(instances == 1 ? "CoPBot" : $"CoPBot ×{instances}", process, probe, data));
            }

            var copbot = copbots[0] with { Ports = [.. copbots.Select(c => c.Process.Port)] };
            Target? echoBot = null;
            if (echoDir is not null)
            {
                var port = PinnedProcess.FreePort();
                var process = await PinnedProcess.StartAsync("echo", BotCore, "node", ["index.js"], echoDir,
                    new Dictionary<string, string> { ["PORT"] = port.ToString(CultureInfo.InvariantCulture), ["NODE_ENV"] = "production" }, port, cancellationToken);
                echoBot = new Target("JS SDK echo", process, null, echoData) { Ports = [port] };
            }

            var runner = new Runner(script, work, fakes, seconds);
            var plan = new List<(Target Target, string Mode)>();
            if (echoBot is not null)
            {
                plan.Add((echoBot, "message"));
            }

            plan.Add((copbot, "invoke"));
            plan.Add((copbot, "message"));
            foreach (var (target, mode) in plan)
            {
                await runner.WarmAsync(target, mode, warmUp, cancellationToken);
            }

            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            var idle = plan.Select(p => p.Target).Distinct().ToDictionary(t => t.Name, t => t.All(copbots, p => p.MemoryMb("VmRSS")));
            Report.Line("warmed up after s", Report.F(clock.Elapsed.TotalSeconds, 0));

            var results = new List<RunResult>();
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var count in connections)
                {
                    foreach (var (target, mode) in plan)
                    {
                        var result = await runner.RunAsync(target, copbots, mode, count, round, cancellationToken);
                        results.Add(result);
                        Report.Line($"round {round} {target.Name} {mode} c{count}",
                            $"{Report.F(result.TurnsPerSecond, 0)} turns/s, p50 {Report.F(result.P50Ms, 1)} ms, p99 {Report.F(result.P99Ms, 1)} ms, failed {result.Failed}, CPU {Report.F(result.CpuMsPerTurn, 2)} ms/turn");
                    }
                }
            }

            var peak = plan.Select(p => p.Target).Distinct().ToDictionary(t => t.Name, t => t.All(copbots, p => p.MemoryMb("VmHWM")));
            foreach (var target in plan.Select(p => p.Target).Distinct())
            {
                if (target.Process.HasExited || results.Any(r => r.Bot == target.Name && r.Failed > 0))
                {
                    await Console.Error.WriteLineAsync($"{target.Name} wrote:\n{target.Process.Output()}");
                }
            }

            PrintTable(results, idle, peak, dbKind);
            Report.Line("connector tokens issued by the loopback login", authority.TokensIssued);
            Report.Line("connector calls throttled (429)", fakes.Throttled("teams"));
            Report.Line("total seconds", Report.F(clock.Elapsed.TotalSeconds, 0));

            foreach (var target in copbots)
            {
                await target.Process.DisposeAsync();
            }

            if (echoBot is not null)
            {
                await echoBot.Process.DisposeAsync();
            }

            return results.All(r => r.Failed == 0) ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void PrintTable(List<RunResult> results, Dictionary<string, double> idle, Dictionary<string, double> peak, string db)
    {
        var rows = results.GroupBy(r => (r.Bot, r.Mode, r.Connections)).Select(g =>
        {
            var runs = g.ToList();
            return (IReadOnlyList<string>)
            [
                g.Key.Bot, g.Key.Mode == "invoke" ? "RSVP invoke" : "message", g.Key.Connections.ToString(CultureInfo.InvariantCulture),
                string.Join(" / ", runs.Select(r => Report.F(r.TurnsPerSecond, 0))),
                Report.F(Median(runs.Select(r => r.P50Ms)), 1),
                Report.F(runs.Max(r => r.P99Ms), 1),
                runs.Sum(r => r.Failed).ToString(CultureInfo.InvariantCulture),
                Report.F(Median(runs.Select(r => r.CpuMsPerTurn)), 2),
                double.IsNaN(runs[0].AllocatedKbPerTurn) ? "n/a" : Report.F(Median(runs.Select(r => r.AllocatedKbPerTurn)), 1),
            ];
        });
        Console.WriteLine();
        Report.Table(["bot", "turn", "conns", "turns/s (each round)", "p50 ms", "p99 ms (worst)", "failed", "CPU ms/turn", "alloc KB/turn"], rows);
        Console.WriteLine();
        foreach (var bot in idle.Keys)
        {
            Report.Line($"{bot}: idle RSS MB (after warm-up) / peak RSS MB (VmHWM)", $"{Report.F(idle[bot], 0)} / {Report.F(peak[bot], 0)}");
        }

        foreach (var count in results.Select(r => r.Connections).Distinct())
        {
            var echo = results.Where(r => r.Bot == "JS SDK echo" && r.Connections == count).Select(r => r.TurnsPerSecond).ToList();
            if (echo.Count == 0)
            {
                continue;
            }

            foreach (var mode in new[] { "invoke", "message" })
            {
                var ours = results.Where(r => r.Bot != "JS SDK echo" && r.Mode == mode && r.Connections == count).Select(r => r.TurnsPerSecond).ToList();
                Report.Line($"{db} {(mode == "invoke" ? "RSVP invoke" : "message")} / echo turns/s at {count} connections", Report.F(ours.Average() / echo.Average(), 2) + "×");
            }
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }

    private static async Task<BenchWorld> SeedAsync(BenchDatabase database, FakePlatforms fakes, int users, CancellationToken cancellationToken)
    {
        await using var app = await BotHost.BuildAsync(new BotHostPlan
        {
            Settings = database.Settings().Concat(BotHost.PlatformSettings(fakes.TeamsServiceUrl, fakes.SlackApiBaseUrl)),
            Configure = BotHost.FakeTeamsToken,
        }, cancellationToken);
        var world = await BenchWorld.CreateAsync(app.Services, users, "teams", bulk: users > 2000, fakes.TeamsServiceUrl, rememberAddresses: true, cancellationToken);
        var run = await world.SendInvitationsAsync(app.Services, cancellationToken);
        Report.Line("members invited", run.Invited);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return world;
    }

    /// <summary>The bot's settings as environment variables: Production, the loopback authority and connector, delivery and housekeeping off.</summary>
    private static Dictionary<string, string> BotEnvironment(BenchDatabase database, FakePlatforms fakes, LoopbackAuthority authority, string work)
    {
        var settings = database.Settings()
            .Concat(BotHost.PlatformSettings(fakes.TeamsServiceUrl, fakes.SlackApiBaseUrl))
            .Append(new("Teams:OpenIdMetadataUrl", authority.PublicMetadataUrl))
            .Append(new("Teams:LoginAuthority", authority.PublicLoginAuthority))

            // Only the turns are measured: invitations queued by the seeding stay queued, no timed pass runs.
            .Append(new("Delivery:Enabled", "false"))
            .Append(new("Housekeeping:Enabled", "false"))
            .Append(new("Logging:LogLevel:Default", "Warning"));
        var environment = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? "");
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in authority.TrustEnvironment(work))
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>The wrk script's data: users, token and the two activities with %s where id, user, conversation and answer go.</summary>
    private static string LuaData(BenchWorld world, string serviceUrl, string? token)
    {
        JsonObject Activity(string type) => new()
        {
            ["type"] = type,
            ["id"] = "@ID@",
            ["channelId"] = "msteams",
            ["serviceUrl"] = serviceUrl,
            ["from"] = new JsonObject { ["id"] = "@USER@", ["name"] = "Bench Member" },
            ["recipient"] = new JsonObject { ["id"] = "28:" + BenchTenants.TeamsAppId, ["name"] = "CoPBot" },
            ["conversation"] = new JsonObject { ["id"] = "@CONVERSATION@", ["conversationType"] = "personal", ["tenantId"] = BenchTenants.TeamsTenant },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = BenchTenants.TeamsTenant } },
            ["locale"] = "en-US",
        };

        var invoke = Activity("invoke");
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject
        {
            ["action"] = new JsonObject
            {
                ["type"] = "Action.Execute",
                ["verb"] = "@ANSWER@",
                ["data"] = new JsonObject { [CardActions.SessionKey] = world.SessionId.ToString(), [CardActions.NetworkKey] = BenchWorld.Handle },
            },
            ["trigger"] = "manual",
        };
        var message = Activity("message");
        message["text"] = "@ANSWER@";
        message["textFormat"] = "plain";

        static string Template(JsonObject activity) => activity.ToJsonString()
            .Replace("%", "%%", StringComparison.Ordinal)
            .Replace("@ID@", "%s", StringComparison.Ordinal)
            .Replace("@USER@", "%s", StringComparison.Ordinal)
            .Replace("@CONVERSATION@", "%s", StringComparison.Ordinal)
            .Replace("@ANSWER@", "%s", StringComparison.Ordinal);

        var lua = new StringBuilder("return {\n  path = \"/api/messages\",\n");
        lua.Append(CultureInfo.InvariantCulture, $"  token = {(token is null ? "nil" : $"\"{token}\"")},\n");
        lua.Append(CultureInfo.InvariantCulture, $"  yesVerb = \"{CardActions.RsvpYes}\", noVerb = \"{CardActions.RsvpNo}\",\n");
        lua.Append(CultureInfo.InvariantCulture, $"  invoke = [==[{Template(invoke)}]==],\n  message = [==[{Template(message)}]==],\n  users = {{\n");
        foreach (var member in world.Members)
        {
            lua.Append(CultureInfo.InvariantCulture, $"    {{ \"{member.UserId}\", \"{member.ConversationId}\" }},\n");
        }

        return lua.Append("  },\n}\n").ToString();
    }

    private static async Task<string> PublishAsync(string work, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot() ?? throw new UsageException("Run from the repository, or pass --bot <published folder>.");
        var output = Path.Combine(work, "bot");
        await RunToolAsync("dotnet", ["publish", Path.Combine(root, "Bot"), "-c", "Release", "-o", output, "--nologo", "-v", "q"], root, cancellationToken);
        return Path.Combine(output, "CoPBot.Bot.dll");
    }

    private static async Task<string> InstallEchoAsync(string work, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateDirectory(Path.Combine(work, "echo-bot")).FullName;
        foreach (var file in new[] { "index.js", "package.json" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "echo-bot", file), Path.Combine(folder, file));
        }

        await RunToolAsync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], folder, cancellationToken);
        return folder;
    }

    private static async Task PinAsync(int pid, int core, CancellationToken cancellationToken) =>
        await RunToolAsync("taskset", ["-a", "-p", "-c", core.ToString(CultureInfo.InvariantCulture), pid.ToString(CultureInfo.InvariantCulture)], ".", cancellationToken);

    private static async Task<string> RunToolAsync(string file, IEnumerable<string> arguments, string directory, CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await output}\n{await error}");
    }

    private static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CoPBot.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>A bot under load: its process (the first of several instances), its allocation probe, its wrk data.</summary>
    private sealed record Target(string Name, PinnedProcess Process, string? Probe, string Data)
    {
        public IReadOnlyList<int> Ports { get; init; } = [];

        /// <summary>Summed over all instances when the target is the CoPBot cluster.</summary>
        public double All(List<Target> copbots, Func<PinnedProcess, double> read) =>
            Probe is null ? read(Process) : copbots.Sum(c => read(c.Process));
    }

    private sealed record RunResult(string Bot, string Mode, int Connections, int Round, long Turns, double TurnsPerSecond, double P50Ms, double P99Ms,
        long Failed, double CpuMsPerTurn, double AllocatedKbPerTurn);

    /// <summary>Runs wrk on the driver core against a target and reads the target's CPU, allocations and replies around it.</summary>
    private sealed class Runner(string script, string work, FakePlatforms fakes, int seconds)
    {
        private readonly Dictionary<(string, string), long> turnsSoFar = [];
        private int runs;

        public async Task WarmAsync(Target target, string mode, int warmSeconds, CancellationToken cancellationToken) =>
            await WrkAsync(target, mode, 8, warmSeconds, cancellationToken);

        public async Task<RunResult> RunAsync(Target target, List<Target> copbots, string mode, int connections, int round, CancellationToken cancellationToken)
        {
            var cpuBefore = target.All(copbots, p => p.CpuMilliseconds());
            var allocatedBefore = Allocated(target, copbots);
            var repliesBefore = fakes.Delivered("teams");
            var output = await WrkAsync(target, mode, connections, seconds, cancellationToken);
            var cpu = target.All(copbots, p => p.CpuMilliseconds()) - cpuBefore;
            var allocated = Allocated(target, copbots) - allocatedBefore;
            var replies = fakes.Delivered("teams") - repliesBefore;

            var turns = output["requests"];
            var failed = output["bad"] + output["socket-errors"] + (turns == 0 ? 1 : 0);
            if (mode == "message")
            {
                // Each message turn is answered through the connector before its HTTP answer; a reply missing is a failed turn.
                failed += Math.Max(0, turns - replies);
            }

            return new RunResult(target.Name, mode, connections, round, turns, turns / (output["duration-us"] / 1e6), output["p50-us"] / 1000.0, output["p99-us"] / 1000.0,
                failed, turns == 0 ? double.NaN : cpu / turns, turns == 0 || double.IsNaN(allocated) ? double.NaN : allocated / 1024.0 / turns);
        }

        private static double Allocated(Target target, List<Target> copbots) =>
            target.Probe is null ? double.NaN : copbots.Sum(c => (double)StartupHook.Read(c.Probe!));

        private async Task<Dictionary<string, long>> WrkAsync(Target target, string mode, int connections, int duration, CancellationToken cancellationToken)
        {
            var threads = Math.Max(Math.Min(connections, 2), target.Ports.Count);
            var first = turnsSoFar.GetValueOrDefault((target.Name, mode));
            var run = $"{mode[0]}{Interlocked.Increment(ref runs)}-{Guid.NewGuid():N}";
            var start = new ProcessStartInfo("taskset",
            [
                "-c", DriverCore.ToString(CultureInfo.InvariantCulture), "wrk", "-t", threads.ToString(CultureInfo.InvariantCulture),
                "-c", Math.Max(connections, threads).ToString(CultureInfo.InvariantCulture), "-d", $"{duration}s", "--timeout", "10s",
                "-s", script, $"http://127.0.0.1:{target.Ports[0]}", "--", target.Data, mode, run, threads.ToString(CultureInfo.InvariantCulture),
                first.ToString(CultureInfo.InvariantCulture),
            ])
            {
                WorkingDirectory = work,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["TURN_RATE_PORTS"] = string.Join(',', target.Ports);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
            var text = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = await process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var values = text.Split('\n')
                .Where(l => l.StartsWith("turn-rate ", StringComparison.Ordinal))
                .Select(l => l["turn-rate ".Length..].Split(':', 2))
                .ToDictionary(p => p[0], p => long.Parse(p[1].Trim(), CultureInfo.InvariantCulture));
            if (process.ExitCode != 0 || !values.TryGetValue("requests", out var requests))
            {
                throw new InvalidOperationException($"wrk failed ({process.ExitCode}):\n{text}\n{error}");
            }

            turnsSoFar[(target.Name, mode)] = first + requests;
            return values;
        }
    }
}
