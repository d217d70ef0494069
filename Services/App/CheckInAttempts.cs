using System.Collections.Concurrent;

namespace CoPBot.Services.App;

/// <summary>
/// Keeps a four-digit code from being guessed from a desk: after <see cref="MaxWrong"/> wrong codes within
/// <see cref="Window"/>, a person's check-ins wait until the window ends. Held in memory per instance, which bounds a
/// guesser to this many tries per window per instance (two codes of 10,000 are right at any minute).
/// </summary>
public sealed class CheckInAttempts(TimeProvider clock)
{
    public const int MaxWrong = 10;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    /// <summary>Past this many people tracked, windows that ended are dropped (bounded memory).</summary>
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<Guid, Tries> _tries = new();

    /// <summary>True while the person has used up their wrong codes of the current window.</summary>
    public bool IsPaused(Guid personId) =>
        _tries.TryGetValue(personId, out var tries) && clock.GetUtcNow() < tries.Since + Window && tries.Wrong >= MaxWrong;

    public void RecordWrong(Guid personId)
    {
        var now = clock.GetUtcNow();
        _tries.AddOrUpdate(personId, _ => new Tries(now, 1), (_, t) => now >= t.Since + Window ? new Tries(now, 1) : t with { Wrong = t.Wrong + 1 });
        if (_tries.Count > PruneAbove)
        {
            foreach (var (id, tries) in _tries)
            {
                if (now >= tries.Since + Window)
                {
                    _tries.TryRemove(id, out _);
                }
            }
        }
    }

    /// <summary>A right code ends the count.</summary>
    public void Clear(Guid personId) => _tries.TryRemove(personId, out _);

    private sealed record Tries(DateTimeOffset Since, int Wrong);
}
