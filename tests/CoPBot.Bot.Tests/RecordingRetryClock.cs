namespace CoPBot.Bot.Tests;

/// <summary>
/// The clock for the outbound retry pipeline (registered under <see cref="OutboundHttp.RetryClockKey"/>): it records
/// how long each retry asked to wait and lets the wait end at once, so tests see the waits without sleeping.
/// </summary>
internal sealed class RecordingRetryClock : TimeProvider
{
    public List<TimeSpan> Waits { get; } = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (Waits)
            {
                Waits.Add(dueTime);
            }
        }

        return System.CreateTimer(callback, state, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }
}
