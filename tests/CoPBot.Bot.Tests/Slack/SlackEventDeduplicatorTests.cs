using CoPBot.Bot.Slack;

namespace CoPBot.Bot.Tests.Slack;

public sealed class SlackEventDeduplicatorTests
{
    [Fact]
    public async Task RunOnceAsync_RetryWhileTheFirstRuns_WaitsAndDoesNotRunAgain()
    {
        var deduplicator = new SlackEventDeduplicator();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;

        var first = deduplicator.RunOnceAsync("Ev1", async () =>
        {
            Interlocked.Increment(ref runs);
            await release.Task;
        });
        var retry = deduplicator.RunOnceAsync("Ev1", () => throw new InvalidOperationException("A retry must not run."));
        Assert.False(retry.IsCompleted);

        release.SetResult();
        Assert.True(await first);
        Assert.False(await retry);
        Assert.False(await deduplicator.RunOnceAsync("Ev1", () => throw new InvalidOperationException("Done already.")));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task RunOnceAsync_FirstDeliveryFails_WaitingRetryFailsTooAndTheNextRetryRuns()
    {
        var deduplicator = new SlackEventDeduplicator();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = deduplicator.RunOnceAsync("Ev2", async () =>
        {
            await release.Task;
            throw new TimeoutException("The database stopped answering.");
        });
        var waiting = deduplicator.RunOnceAsync("Ev2", () => Task.CompletedTask);
        release.SetResult();

        await Assert.ThrowsAsync<TimeoutException>(() => first);
        await Assert.ThrowsAsync<TimeoutException>(() => waiting);
        var ran = false;
        Assert.True(await deduplicator.RunOnceAsync("Ev2", () =>
        {
            ran = true;
            return Task.CompletedTask;
        }));
        Assert.True(ran);
    }
}
