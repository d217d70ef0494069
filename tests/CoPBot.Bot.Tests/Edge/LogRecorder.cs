using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CoPBot.Bot.Tests.Edge;

/// <summary>
/// Keeps every log entry at Error or above that the host writes. A turn that fails in the background (a queued Slack
/// event) or is caught and answered politely still logs an error: the edge suite asserts there are none.
/// </summary>
internal sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<string> errors = new();

    public IReadOnlyCollection<string> Errors => errors;

    /// <summary>Takes (and clears) the errors logged so far.</summary>
    public List<string> Drain()
    {
        var taken = new List<string>();
        while (errors.TryDequeue(out var entry))
        {
            taken.Add(entry);
        }

        return taken;
    }

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Recorder(LogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.errors.Enqueue($"{category} [{eventId.Id}] {formatter(state, exception)} {exception?.GetType().Name}: {exception?.Message}");
            }
        }
    }
}
