using System.Diagnostics;
using System.Globalization;

namespace CoPBot.Benchmarks;

/// <summary>Plain "name: value" lines and a small aligned table on standard output.</summary>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Title(string text) => Console.WriteLine($"== {text}");

    public static void Line(string name, object? value) =>
        Console.WriteLine($"{name}: {Convert.ToString(value, Invariant)}");

    public static string F(double value, int decimals = 1) =>
        double.IsFinite(value) ? value.ToString("F" + decimals.ToString(Invariant), Invariant) : "n/a";

    public static string Mb(long bytes) => F(bytes / 1024.0 / 1024.0) + " MB";

    /// <summary>The process's peak working set and everything the GC ever allocated in it.</summary>
    public static void Memory(string prefix = "")
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Line(prefix + "peak working set", Mb(process.PeakWorkingSet64));
        Line(prefix + "allocated (total)", Mb(GC.GetTotalAllocatedBytes(precise: true)));
    }

    public static void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        foreach (var (row, index) in all.Select((r, i) => (r, i)))
        {
            Console.WriteLine("| " + string.Join(" | ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))) + " |");
            if (index == 0)
            {
                Console.WriteLine("|" + string.Join("|", widths.Select((w, i) => new string('-', w + 1) + (i == 0 ? "-" : ":"))) + "|");
            }
        }
    }

    /// <summary>The value below which the given share of the sorted samples falls (nearest rank).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double share)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(share * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static void Latencies(string name, List<double> milliseconds)
    {
        milliseconds.Sort();
        Line($"{name} p50 ms", F(Percentile(milliseconds, 0.50), 2));
        Line($"{name} p90 ms", F(Percentile(milliseconds, 0.90), 2));
        Line($"{name} p99 ms", F(Percentile(milliseconds, 0.99), 2));
        Line($"{name} max ms", F(milliseconds.Count == 0 ? double.NaN : milliseconds[^1], 2));
    }
}
