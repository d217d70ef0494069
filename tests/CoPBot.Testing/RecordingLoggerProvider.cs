using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CoPBot.Testing;

/// <summary>One log entry as a provider saw it.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);

/// <summary>Keeps every log entry of a host or a <see cref="TestWorld"/>, for tests that assert what is (not) logged.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. entries];

    /// <summary>Entries at Warning or above, rendered one per line (for assertion messages).</summary>
    public string Problems => string.Join(Environment.NewLine, Entries.Where(e => e.Level >= LogLevel.Warning)
        .Select(e => $"{e.Level} {e.Category} [{e.EventId.Id}] {e.Message} {e.Exception?.GetType().Name}"));

    /// <summary>Entries at Error or above, rendered one per line.</summary>
    public IReadOnlyList<string> Errors => [.. Entries.Where(IsError).Select(Render)];

    /// <summary>Takes (and forgets) everything logged so far; returns the errors among it, one per line.</summary>
    public IReadOnlyList<string> DrainErrors()
    {
        var errors = new List<string>();
        while (entries.TryDequeue(out var entry))
        {
            if (IsError(entry))
            {
                errors.Add(Render(entry));
            }
        }

        return errors;
    }

    /// <summary>Forgets what was logged so far (e.g. EF's probe for a missing migrations table while a database is set up).</summary>
    public void Clear() => entries.Clear();

    private static bool IsError(LogEntry entry) => entry.Level >= LogLevel.Error;

    private static string Render(LogEntry entry) =>
        $"{entry.Category} [{entry.EventId.Id}] {entry.Message} {entry.Exception?.GetType().Name}: {entry.Exception?.Message}";

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, entries);

    public void Dispose()
    {
    }

    private sealed class Recorder(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
        }
    }
}
