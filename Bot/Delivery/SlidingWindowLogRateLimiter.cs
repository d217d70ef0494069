using System.Threading.RateLimiting;

namespace CoPBot.Bot.Delivery;

/// <summary>
/// A strict rate limiter for one key with several windows at once (e.g. 7 per second, 8 per 2 s, 60 per 30 s, 1,800
/// per hour), and optionally an even pace. It keeps the start times of the last permits (a sliding log), so no
/// interval of any window's length ever holds more permits than that window allows; the framework's segmented sliding
/// window can let one segment's worth more through. The pace spreads the permits one per interval, with a few at once
/// after a pause (a generic cell rate algorithm: it keeps when the next permit is due). Time comes from a
/// <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
internal sealed class SlidingWindowLogRateLimiter : RateLimiter
{
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private RateWindow[] _windows;
    private RatePace? _pace;
    private long[] _starts;
    private int _first;
    private int _count;

    /// <summary>When the next permit is due at the pace (UTC ticks); up to the burst less one may start before it.</summary>
    private long _due;

    public SlidingWindowLogRateLimiter(RatePolicy policy, TimeProvider clock)
    {
        (_windows, _pace) = Checked(policy);
        Configured = policy;
        _clock = clock;
        _starts = new long[Capacity(_windows)];
        Longest = LongestOf(_windows, _pace);
    }

    /// <summary>The policy as last given (the constructor's or <see cref="Reconfigure"/>'s), to tell whether it changed.</summary>
    public RatePolicy Configured { get; private set; }

    /// <summary>How long a limiter must be idle to remember nothing that matters (its longest window, or its burst's worth of pace).</summary>
    public TimeSpan Longest { get; private set; }

    /// <summary>
    /// Changes the limits (e.g. this instance's share of a tenant's limit when another instance starts or stops) and
    /// keeps the permits already taken, so a lower limit holds at once: nothing that started inside a window is
    /// forgotten, and the pace goes on from the permit last due.
    /// </summary>
    public void Reconfigure(RatePolicy policy)
    {
        var (windows, pace) = Checked(policy);
        lock (_gate)
        {
            var capacity = Capacity(windows);
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

            _windows = windows;
            _pace = pace;
            Configured = policy;
            Longest = LongestOf(windows, pace);
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
        if (_pace is { } pace)
        {
            // Up to Burst permits may start at once: the last of them is due (Burst - 1) intervals after the first.
            until = Math.Max(until, _due - (pace.Interval.Ticks * (pace.Burst - 1)));
        }

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
        if (_pace is { } pace)
        {
            _due = Math.Max(_due, now) + pace.Interval.Ticks;
        }

        if (_count == _starts.Length)
        {
            _first = (_first + 1) % _starts.Length;
            _count--;
        }

        _starts[(_first + _count) % _starts.Length] = now;
        _count++;
    }

    private static (RateWindow[] Windows, RatePace? Pace) Checked(RatePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(policy.Windows);
        if (policy.Windows.Any(w => w.Limit < 1 || w.Window <= TimeSpan.Zero))
        {
            throw new ArgumentException("Each window needs a limit of at least 1 and a positive length.", nameof(policy));
        }

        if (policy.Pace is { } pace ? pace.Burst < 1 || pace.Interval <= TimeSpan.Zero : policy.Windows.Count == 0)
        {
            throw new ArgumentException("A policy needs a window or a pace, and a pace a positive interval and a burst of at least 1.", nameof(policy));
        }

        return ([.. policy.Windows], policy.Pace);
    }

    private static int Capacity(RateWindow[] windows) => windows.Length == 0 ? 1 : windows.Max(w => w.Limit);

    private static TimeSpan LongestOf(RateWindow[] windows, RatePace? pace) =>
        TimeSpan.FromTicks(Math.Max(windows.Length == 0 ? 0 : windows.Max(w => w.Window.Ticks), pace is { } p ? p.Interval.Ticks * p.Burst : 0));

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

/// <summary>One permit per <see cref="Interval"/> on average, up to <see cref="Burst"/> at once after a pause.</summary>
internal readonly record struct RatePace(TimeSpan Interval, int Burst);

/// <summary>A key's limits: windows none of which is ever exceeded, and optionally a pace that spreads the permits evenly.</summary>
internal sealed record RatePolicy(IReadOnlyList<RateWindow> Windows, RatePace? Pace = null);
