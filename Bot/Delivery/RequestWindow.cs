namespace CoPBot.Bot.Delivery;

/// <summary>
/// At most a given number of requests in flight or answered within the last <see cref="Length"/>: a request enters
/// right before it goes on the wire and counts until <see cref="Length"/> after its answer came back. The platform
/// counts a request when it arrives, which is after it was sent and before it was answered, so no interval of that
/// length at the platform ever sees more than the limit, however late a busy machine sends a request after its
/// permit, or however long the way there takes. (A window over the instants permits were taken could not promise
/// that: one request sent 40 ms late put fifty-one into the platform's second.)
/// </summary>
internal sealed class RequestWindow(TimeProvider clock, TimeSpan length)
{
    private readonly Lock _gate = new();

    /// <summary>When each of the last requests was answered (timestamps of <see cref="TimeProvider.GetTimestamp"/>), oldest first.</summary>
    private readonly Queue<long> _answered = new();

    private int _inFlight;

    /// <summary>Completed (and replaced) whenever a request is answered, so those waiting for a slot look again.</summary>
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TimeSpan Length { get; } = length;

    /// <summary>True when nothing is in flight or still counts: the window can be forgotten without letting a burst through.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_gate)
            {
                Expire(clock.GetTimestamp());
                return _inFlight == 0 && _answered.Count == 0;
            }
        }
    }

    /// <summary>
    /// Waits until fewer than <paramref name="limit"/> requests are in flight or answered within <see cref="Length"/>,
    /// then counts one more in flight until the returned slot is disposed (when its answer came back, or it failed).
    /// </summary>
    public async ValueTask<IDisposable> EnterAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        while (true)
        {
            Task changed;
            TimeSpan wait;
            lock (_gate)
            {
                var now = clock.GetTimestamp();
                Expire(now);
                if (_inFlight + _answered.Count < limit)
                {
                    _inFlight++;
                    return new Slot(this);
                }

                changed = _changed.Task;
                // All in flight: wait for an answer. Otherwise for the oldest answer to leave the window (or another answer).
                wait = _answered.Count > 0 ? Length - clock.GetElapsedTime(_answered.Peek(), now) : Timeout.InfiniteTimeSpan;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(wait, clock, stop.Token);
            await Task.WhenAny(changed, delay);
            await stop.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private void Exit()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _inFlight--;
            _answered.Enqueue(clock.GetTimestamp());
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private void Expire(long now)
    {
        while (_answered.Count > 0 && clock.GetElapsedTime(_answered.Peek(), now) >= Length)
        {
            _answered.Dequeue();
        }
    }

    private sealed class Slot(RequestWindow window) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                window.Exit();
            }
        }
    }
}
