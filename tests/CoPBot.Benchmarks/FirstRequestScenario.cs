using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace CoPBot.Benchmarks;

/// <summary>
/// A cold start's first /cop (issue 10): starts the built Bot as a process of its own (a fresh SQLite file, one Slack
/// app, delivery off, Slack's Web API pointed at a closed loopback port), waits until its port accepts connections,
/// sends one signed /cop and times the answer. Each run is a new process; runs alternate between the start-up
/// warm-up off and on (Bot:WarmUpOnStart), after one discarded run that warms this client.
/// </summary>
internal static class FirstRequestScenario
{
    private const string Secret = "first-request-bench-secret";

    public static async Task<int> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var runs = args.Int("runs", 5, 1, 50);
        var text = args.Text("text", "help");
        var bot = args.OptionalText("bot") ?? FindBot();
        args.EnsureAllUsed();
        if (!File.Exists(bot))
        {
            throw new UsageException($"The built bot was not found at {bot}: run \"dotnet build -c Release Bot\" first, or pass --bot <CoPBot.Bot.dll>.");
        }

        Report.Title($"first-request: {runs} cold starts each with the warm-up off and on, /cop {text}");
        Report.Line("bot", bot);
        Report.Line("processors", Environment.ProcessorCount);
        Report.Line("load average (1 min)", LoadAverage());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        await OnceAsync(http, bot, warm: true, text, cancellationToken);

        var results = new List<Run>();
        for (var i = 0; i < runs; i++)
        {
            foreach (var warm in new[] { false, true })
            {
                results.Add(await OnceAsync(http, bot, warm, text, cancellationToken));
            }
        }

        Report.Table(
            ["warm-up", "run", "start to listening ms", "first /cop ms", "answer"],
            results.Select((r, i) => (IReadOnlyList<string>)[r.Warm ? "on" : "off", (i / 2 + 1).ToString(CultureInfo.InvariantCulture), Report.F(r.StartMs, 0), Report.F(r.FirstMs, 0), r.Answer]));
        foreach (var warm in new[] { false, true })
        {
            var first = results.Where(r => r.Warm == warm).Select(r => r.FirstMs).Order().ToList();
            var name = warm ? "warm-up on" : "warm-up off";
            Report.Line($"{name}: first /cop median ms", Report.F(first[first.Count / 2], 0));
            Report.Line($"{name}: first /cop max ms", Report.F(first[^1], 0));
            Report.Line($"{name}: start to listening median ms", Report.F(results.Where(r => r.Warm == warm).Select(r => r.StartMs).Order().ElementAt(first.Count / 2), 0));
        }

        return results.All(r => r.Answer == "reply") ? 0 : 1;
    }

    private static async Task<Run> OnceAsync(HttpClient http, string bot, bool warm, string text, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var database = Path.Combine(Path.GetTempPath(), $"copbot-first-request-{Guid.NewGuid():N}.db");
        var start = new ProcessStartInfo("dotnet", [bot])
        {
            WorkingDirectory = Path.GetDirectoryName(bot)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__Provider"] = "Sqlite",
            ["Storage__ConnectionString"] = $"Data Source={database}",
            ["Delivery__Enabled"] = "false",
            ["Bot__WarmUpOnStart"] = warm ? "true" : "false",
            ["Slack__ApiBaseUrl"] = "http://127.0.0.1:9/api/",
            ["Slack__Apps__0__AppId"] = "A0BENCH",
            ["Slack__Apps__0__SigningSecret"] = Secret,
            ["Slack__Apps__0__Installations__0__TeamId"] = "T0BENCH",
            ["Slack__Apps__0__Installations__0__BotToken"] = "xoxb-bench",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The bot did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await WaitForPortAsync(port, process, cancellationToken);
            var startMs = clock.Elapsed.TotalMilliseconds;

            var form = string.Join('&', new Dictionary<string, string>
            {
                ["team_id"] = "T0BENCH", ["team_domain"] = "bench", ["channel_id"] = "D0BENCH", ["channel_name"] = "directmessage",
                ["user_id"] = "U0BENCH", ["user_name"] = "bench", ["command"] = "/cop", ["text"] = text, ["api_app_id"] = "A0BENCH",
                ["response_url"] = "https://hooks.slack.com/commands/T0BENCH/1/bench", ["trigger_id"] = "1.1.bench",
            }.Select(f => f.Key + "=" + Uri.EscapeDataString(f.Value)));
            using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/slack/commands")
            {
                Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"),
            };
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
            request.Headers.Add("X-Slack-Signature", "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{form}"))));

            var sent = Stopwatch.StartNew();
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var firstMs = sent.Elapsed.TotalMilliseconds;
            var answer = response.StatusCode != HttpStatusCode.OK ? "http " + (int)response.StatusCode
                : body.Contains("Working on it", StringComparison.Ordinal) ? "acknowledged only"
                : "reply";
            return new Run(warm, startMs, firstMs, answer);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(database) + "*"))
            {
                File.Delete(file);
            }
        }
    }

    private static async Task WaitForPortAsync(int port, Process process, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The bot exited with code {process.ExitCode} before it listened.");
            }

            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(10, cancellationToken);
            }
        }

        throw new TimeoutException("The bot did not listen within 120 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindBot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CoPBot.sln")))
            {
                return Path.Combine(dir.FullName, "Bot", "bin", "Release", "net10.0", "CoPBot.Bot.dll");
            }
        }

        return "CoPBot.Bot.dll";
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private sealed record Run(bool Warm, double StartMs, double FirstMs, string Answer);
}
