using System.Threading.RateLimiting;

namespace CoPBot.Bot.Delivery;

/// <summary>
/// A strict rate limiter for one key with several windows at once (e.g. 7 per second, 8 per 2 s, 60 per 30 s, 1,800
/// per hour). It keeps the start times of the last permits (a sliding log), so no interval of any window's length
/// ever holds more permits than that window allows; the framework's segmented sliding window can let one segment's
/// worth more through. Time comes from a <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
internal sealed class SlidingWindowLogRateLimiter : RateLimiter
{
    private readonly TimeProvider _clock;
    private RateWindow[] _windows;
    private long[] _starts;
    private readonly Lock _gate = new();
    private int _first;
    private int _count;

    public SlidingWindowLogRateLimiter(IReadOnlyList<RateWindow> windows, TimeProvider clock)
    {
        _windows = Checked(windows);
        Configured = windows;
        _clock = clock;
        _starts = new long[_windows.Max(w => w.Limit)];
        Longest = _windows.Max(w => w.Window);
    }

    /// <summary>The windows as last given (the constructor's or <see cref="Reconfigure"/>'s), to tell whether they changed.</summary>
    public IReadOnlyList<RateWindow> Configured { get; private set; }

    /// <summary>The longest window: a limiter idle for that long remembers nothing that matters.</summary>
    public TimeSpan Longest { get; private set; }

    /// <summary>
    /// Changes the limits (e.g. this instance's share of a tenant's limit when another instance starts or stops) and
    /// keeps the permits already taken, so a lower limit holds at once: nothing that started inside a window is forgotten.
    /// </summary>
    public void Reconfigure(IReadOnlyList<RateWindow> windows)
    {
        var next = Checked(windows);
        lock (_gate)
        {
            var capacity = next.Max(w => w.Limit);
            if (capacity != _starts.Length)
            {
                // Keep the most recent starts, oldest first: a window of limit L only ever looks at the last L of them.
                var kept = Math.Min(_count, capacity);
                var starts = new long[capacity];
                for (var i = 0; i < kept; i++)
                {
                    starts[i] = At(_count - kept + i);
                }

                _starts = starts;
                _first = 0;
                _count = kept;
            }

            _windows = next;
            Configured = windows;
            Longest = next.Max(w => w.Window);
        }
    }

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                return _count == 0 ? TimeSpan.MaxValue : _clock.GetUtcNow().UtcTicks - Last() is var idle && idle > 0 ? TimeSpan.FromTicks(idle) : TimeSpan.Zero;
            }
        }
    }

    /// <summary>How long until one more permit may start now without exceeding any window (zero: now).</summary>
    public TimeSpan TimeUntilAvailable()
    {
        lock (_gate)
        {
            return WaitAt(_clock.GetUtcNow().UtcTicks);
        }
    }

    /// <summary>Takes a permit now if one is available; otherwise returns how long to wait.</summary>
    public bool TryTake(out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow().UtcTicks;
            retryAfter = WaitAt(now);
            if (retryAfter > TimeSpan.Zero)
            {
                return false;
            }

            Record(now);
            return true;
        }
    }

    /// <summary>Records a permit taken now. Callers that checked several limiters together (under one lock) use it.</summary>
    internal void TakeUnchecked()
    {
        lock (_gate)
        {
            Record(_clock.GetUtcNow().UtcTicks);
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            return new RateLimiterStatistics { CurrentAvailablePermits = WaitAt(_clock.GetUtcNow().UtcTicks) == TimeSpan.Zero ? 1 : 0 };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        if (permitCount > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, "One permit at a time.");
        }

        if (permitCount == 0)
        {
            return TimeUntilAvailable() == TimeSpan.Zero ? Lease.Acquired : Lease.Failed(TimeUntilAvailable());
        }

        return TryTake(out var wait) ? Lease.Acquired : Lease.Failed(wait);
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        while (true)
        {
            var lease = AttemptAcquireCore(permitCount);
            if (lease.IsAcquired || !lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
            {
                return lease;
            }

            lease.Dispose();
            await Task.Delay(wait, _clock, cancellationToken);
        }
    }

    private TimeSpan WaitAt(long now)
    {
        var until = now;
        foreach (var window in _windows)
        {
            if (_count >= window.Limit)
            {
                // The window's limit-th most recent start must have left the window (which is open on its old side).
                var free = At(_count - window.Limit) + window.Window.Ticks;
                until = Math.Max(until, free);
            }
        }

        return TimeSpan.FromTicks(until - now);
    }

    private void Record(long now)
    {
        if (_count == _starts.Length)
        {
            _first = (_first + 1) % _starts.Length;
            _count--;
        }

        _starts[(_first + _count) % _starts.Length] = now;
        _count++;
    }

    private static RateWindow[] Checked(IReadOnlyList<RateWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.Count == 0 || windows.Any(w => w.Limit < 1 || w.Window <= TimeSpan.Zero))
        {
            throw new ArgumentException("Each window needs a limit of at least 1 and a positive length.", nameof(windows));
        }

        return [.. windows];
    }

    private long At(int index) => _starts[(_first + index) % _starts.Length];

    private long Last() => At(_count - 1);

    private sealed class Lease : RateLimitLease
    {
        public static readonly Lease Acquired = new(true, null);

        private readonly TimeSpan? _retryAfter;

        private Lease(bool acquired, TimeSpan? retryAfter)
        {
            IsAcquired = acquired;
            _retryAfter = retryAfter;
        }

        public override bool IsAcquired { get; }

        public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public static Lease Failed(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (_retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = wait;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}

/// <summary>At most <see cref="Limit"/> permits may start within any interval of length <see cref="Window"/>.</summary>
internal readonly record struct RateWindow(int Limit, TimeSpan Window);
