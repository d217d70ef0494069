using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace CoPBot.Bot.Tests;

/// <summary>
/// The built bot (CoPBot.Bot.dll, next to the tests) as a separate process, configured only through environment
/// variables, on an ephemeral loopback port read from Kestrel's "Now listening on" line. It can be killed as a crash
/// would kill it (SIGKILL, no shutdown).
/// </summary>
internal sealed partial class BotProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Seen)> awaited = [];

    private BotProcess(Process process) => this.process = process;

    public Uri Address { get; private set; } = null!;

    /// <summary>What the process wrote to stdout and stderr so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static async Task<BotProcess> StartAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var bot = new BotProcess(Start(environment, ["--urls", "http://127.0.0.1:0"]));
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        bot.process.OutputDataReceived += (_, e) =>
        {
            bot.Record(e.Data);
            if (e.Data is not null && ListeningOn().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        bot.process.ErrorDataReceived += (_, e) => bot.Record(e.Data);
        bot.process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The bot exited before it listened."));
        bot.process.EnableRaisingEvents = true;
        bot.process.BeginOutputReadLine();
        bot.process.BeginErrorReadLine();
        try
        {
            bot.Address = await listening.Task.WaitAsync(timeout, TestContext.Current.CancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            await bot.DisposeAsync();
            throw new InvalidOperationException($"The bot did not start: {exception.Message}{Environment.NewLine}{bot.Output}", exception);
        }

        return bot;
    }

    /// <summary>Runs the bot until it exits by itself (a start-up failure); its exit code and what it wrote.</summary>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunToExitAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        using var process = Start(environment, ["--urls", "http://127.0.0.1:0"]);
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(timeout, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The names of the files the process has mapped: its loaded assemblies and native libraries (Linux).</summary>
    public IReadOnlySet<string> MappedFiles() =>
        File.ReadLines($"/proc/{process.Id}/maps")
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 6 && fields[5].StartsWith('/'))
            .Select(fields => Path.GetFileName(fields[5]))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The first line the process writes from now on that matches <paramref name="pattern"/>.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (output)
        {
            awaited.Add((pattern, seen));
        }

        try
        {
            return await seen.Task.WaitAsync(timeout, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException exception)
        {
            throw new InvalidOperationException($"The bot wrote no line matching {pattern} within {timeout}:{Environment.NewLine}{Output}", exception);
        }
    }

    /// <summary>Kills the process at once, as a crash or kill -9 would: nothing is flushed, no request is finished.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static Process Start(IReadOnlyDictionary<string, string> environment, string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CoPBot.Bot.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("The bot process did not start.");
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
            foreach (var (pattern, seen) in awaited)
            {
                if (pattern.Match(line) is { Success: true } match)
                {
                    seen.TrySetResult(match);
                }
            }

            awaited.RemoveAll(a => a.Seen.Task.IsCompleted);
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
