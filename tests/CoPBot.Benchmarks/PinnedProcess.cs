using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CoPBot.Benchmarks;

/// <summary>
/// A server under test in a process of its own, pinned to one core with taskset, and what /proc says about it:
/// CPU time (utime + stime), resident memory now (VmRSS) and at its peak (VmHWM).
/// </summary>
internal sealed class PinnedProcess : IAsyncDisposable
{
    private static readonly double TicksPerSecond = ClockTicks();
    private readonly Process process;
    private readonly List<string> output = [];

    private PinnedProcess(string name, Process process, int port)
    {
        Name = name;
        this.process = process;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Starts <paramref name="file"/> with <paramref name="arguments"/> on <paramref name="core"/> and waits until <paramref name="port"/> accepts connections.</summary>
    public static async Task<PinnedProcess> StartAsync(string name, int core, string file, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, int port, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("taskset", ["-c", core.ToString(CultureInfo.InvariantCulture), file, .. arguments])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        var pinned = new PinnedProcess(name, process, port);
        process.OutputDataReceived += (_, e) => pinned.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => pinned.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with code {process.ExitCode} before it listened:\n{pinned.Output()}");
            }

            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return pinned;
            }
            catch (SocketException) when (waited.Elapsed < TimeSpan.FromSeconds(120))
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    /// <summary>User and system CPU time so far, in milliseconds (clock-tick resolution).</summary>
    public double CpuMilliseconds()
    {
        var stat = File.ReadAllText($"/proc/{Id}/stat");

        // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14 and 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks * 1000.0 / TicksPerSecond;
    }

    /// <summary>VmRSS (now) or VmHWM (peak) in MB.</summary>
    public double MemoryMb(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{Id}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }

    /// <summary>The last lines the process wrote, for a failure message.</summary>
    public string Output()
    {
        lock (output)
        {
            return string.Join('\n', output.TakeLast(40));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync(CancellationToken.None);
        process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Add(line);
            if (output.Count > 200)
            {
                output.RemoveAt(0);
            }
        }
    }

    private static double ClockTicks()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", ["CLK_TCK"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
            var text = getconf.StandardOutput.ReadToEnd();
            getconf.WaitForExit();
            return double.Parse(text.Trim(), CultureInfo.InvariantCulture);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 100;
        }
    }
}
