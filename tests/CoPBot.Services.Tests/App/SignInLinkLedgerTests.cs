using CoPBot.Services.App;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.Tests.App;

/// <summary>A personal sign-in link works once, on every instance sharing the database; expired ids are not kept.</summary>
public class SignInLinkLedgerTests
{
    [Theory, StorageProviders]
    public async Task TryUse_SameLinkTwice_SecondIsRefused(string provider)
    {
        await using var world = await TestWorld.CreateAsync(provider);
        var link = Guid.NewGuid();
        var expires = world.Now.AddMinutes(10);

        Assert.False(await world.UseAsync<SignInLinkLedger, bool>(l => l.WasUsedAsync(link, TestWorld.Cancellation)));
        Assert.True(await world.UseAsync<SignInLinkLedger, bool>(l => l.TryUseAsync(link, expires, TestWorld.Cancellation)));
        Assert.True(await world.UseAsync<SignInLinkLedger, bool>(l => l.WasUsedAsync(link, TestWorld.Cancellation)));
        Assert.False(await world.UseAsync<SignInLinkLedger, bool>(l => l.TryUseAsync(link, expires, TestWorld.Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task TryUse_AtTheSameMoment_ExactlyOneWins(string provider)
    {
        await using var world = await TestWorld.CreateAsync(provider);
        var link = Guid.NewGuid();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            world.UseAsync<SignInLinkLedger, bool>(l => l.TryUseAsync(link, world.Now.AddMinutes(10), TestWorld.Cancellation))));

        Assert.Single(results, r => r);
    }

    [Theory, StorageProviders]
    public async Task TryUse_ForgetsLinksPastTheirExpiry(string provider)
    {
        await using var world = await TestWorld.CreateAsync(provider);
        await world.UseAsync<SignInLinkLedger, bool>(l => l.TryUseAsync(Guid.NewGuid(), world.Now.AddMinutes(10), TestWorld.Cancellation));

        world.Advance(TimeSpan.FromMinutes(11));
        var fresh = Guid.NewGuid();
        await world.UseAsync<SignInLinkLedger, bool>(l => l.TryUseAsync(fresh, world.Now.AddMinutes(10), TestWorld.Cancellation));

        Assert.Equal([fresh], await world.DbAsync(db => db.UsedSignInLinks.Select(l => l.Id).ToListAsync(TestWorld.Cancellation)));
    }
}
