using System.Globalization;

namespace CoPBot.Benchmarks;

/// <summary>"scenario --name value --flag" command lines; unknown or malformed options stop the run with a message.</summary>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, string> values = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> used = new(StringComparer.OrdinalIgnoreCase);

    private BenchArgs(string scenario) => Scenario = scenario;

    public string Scenario { get; }

    public static BenchArgs Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException("Name a scenario first.");
        }

        var parsed = new BenchArgs(args[0]);
        for (var i = 1; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || args[i].Length < 3)
            {
                throw new UsageException($"Unexpected argument \"{args[i]}\".");
            }

            var hasValue = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            parsed.values[args[i][2..]] = hasValue ? args[++i] : "true";
        }

        return parsed;
    }

    public string Text(string name, string fallback)
    {
        used.Add(name);
        return values.GetValueOrDefault(name) ?? fallback;
    }

    public string? OptionalText(string name)
    {
        used.Add(name);
        return values.GetValueOrDefault(name);
    }

    public int Int(string name, int fallback, int min = 1, int max = int.MaxValue)
    {
        used.Add(name);
        if (!values.TryGetValue(name, out var raw))
        {
            return fallback;
        }

        return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"--{name} must be a whole number from {min} to {max}.");
    }

    public double Seconds(string name, double fallback)
    {
        used.Add(name);
        if (!values.TryGetValue(name, out var raw))
        {
            return fallback;
        }

        return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new UsageException($"--{name} must be a positive number of seconds.");
    }

    public string Choice(string name, string fallback, params string[] choices)
    {
        var value = Text(name, fallback).ToLowerInvariant();
        return choices.Contains(value) ? value : throw new UsageException($"--{name} must be one of: {string.Join(", ", choices)}.");
    }

    /// <summary>Refuses options nobody read: a typo must not silently run the default.</summary>
    public void EnsureAllUsed()
    {
        var unknown = values.Keys.Where(k => !used.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"Unknown option(s) for {Scenario}: {string.Join(", ", unknown.Select(u => "--" + u))}.");
        }
    }
}

internal sealed class UsageException(string message) : Exception(message);
