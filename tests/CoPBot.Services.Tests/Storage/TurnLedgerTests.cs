using CoPBot.Services.Storage;
using CoPBot.Testing;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Storage;

public class TurnLedgerTests
{
    [Theory, StorageProviders]
    public async Task TryBeginAsync_Redelivery_ReturnsFalse(string provider)
    {
        await using var world = await CreateAsync(provider);

        var first = await world.UseAsync<TurnLedger, bool>(l => l.TryBeginAsync("slack:T1:Ev0001", Cancellation));
        var redelivered = await world.UseAsync<TurnLedger, bool>(l => l.TryBeginAsync("slack:T1:Ev0001", Cancellation));
        var other = await world.UseAsync<TurnLedger, bool>(l => l.TryBeginAsync("slack:T1:Ev0002", Cancellation));

        Assert.True(first);
        Assert.False(redelivered);
        Assert.True(other);
    }

    [Theory, StorageProviders]
    public async Task TryBeginAsync_ConcurrentRedeliveries_ExactlyOneBegins(string provider)
    {
        await using var world = await CreateAsync(provider);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => world.UseAsync<TurnLedger, bool>(l => l.TryBeginAsync("msteams:activity-42", Cancellation)), Cancellation)));

        Assert.Single(results, r => r);
    }

    [Theory, StorageProviders]
    public async Task PruneAsync_KeysOlderThanADay_Forgotten(string provider)
    {
        await using var world = await CreateAsync(provider);
        await world.UseAsync<TurnLedger, bool>(l => l.TryBeginAsync("old", Cancellation));
        world.Advance(TimeSpan.FromHours(25));
        await world.UseAsync<TurnLedger, bool>(l => l.TryBeginAsync("recent", Cancellation));

        var pruned = await world.UseAsync<TurnLedger, int>(l => l.PruneAsync(Cancellation));

        Assert.Equal(1, pruned);
        Assert.True(await world.UseAsync<TurnLedger, bool>(l => l.TryBeginAsync("old", Cancellation)));
        Assert.False(await world.UseAsync<TurnLedger, bool>(l => l.TryBeginAsync("recent", Cancellation)));
    }
}
