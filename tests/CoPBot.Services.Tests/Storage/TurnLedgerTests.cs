using CoPBot.Services.Domain;
using CoPBot.Services.Storage;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Storage;

public class TurnLedgerTests
{
    [Theory, StorageProviders]
    public async Task RunOnceAsync_Redelivery_RunsOnce(string provider)
    {
        await using var world = await CreateAsync(provider);

        var first = await RunAsync(world, "slack:T1:Ev0001");
        var redelivered = await RunAsync(world, "slack:T1:Ev0001");
        var other = await RunAsync(world, "slack:T1:Ev0002");

        Assert.Equal("done", first);
        Assert.Null(redelivered);
        Assert.Equal("done", other);
    }

    [Theory, StorageProviders]
    public async Task RunOnceAsync_ConcurrentRedeliveries_ExactlyOneRuns(string provider)
    {
        await using var world = await CreateAsync(provider);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Task.Run(() => RunAsync(world, "msteams:activity-42", slug: $"org-{i}"), Cancellation)));

        Assert.Single(results, r => r is not null);
        Assert.Equal(1, await world.DbAsync(db => db.Organizations.CountAsync(o => o.Slug.StartsWith("org-"), Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task RunOnceAsync_WorkFailsAfterSaving_NothingKeptAndRedeliveryDoesTheWork(string provider)
    {
        await using var world = await CreateAsync(provider);

        await Assert.ThrowsAsync<TimeoutException>(() => RunAsync(world, "msteams:activity-7", slug: "half-done", fail: true));
        Assert.Equal(0, await world.DbAsync(db => db.Organizations.CountAsync(o => o.Slug == "half-done", Cancellation)));

        Assert.Equal("done", await RunAsync(world, "msteams:activity-7", slug: "half-done"));
        Assert.Null(await RunAsync(world, "msteams:activity-7", slug: "half-done"));
        Assert.Equal(1, await world.DbAsync(db => db.Organizations.CountAsync(o => o.Slug == "half-done", Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task RunOnceAsync_TurnThatChangesNothing_WritesNothingAndARedeliveryIsStillAnsweredOnce(string provider)
    {
        await using var world = await CreateAsync(provider);

        var first = await RunAsync(world, "slack:T1:Ev0003");
        var redelivered = await RunAsync(world, "slack:T1:Ev0003");

        Assert.Equal("done", first);
        Assert.Null(redelivered);
        Assert.Equal(0, await world.DbAsync(db => db.ProcessedTurns.CountAsync(Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task RunOnceAsync_TurnThatChangesSomething_KeepsItsKeyWithTheChange(string provider)
    {
        await using var world = await CreateAsync(provider);

        Assert.Equal("done", await RunAsync(world, "msteams:activity-9", slug: "changed"));

        Assert.Equal(["msteams:activity-9"], await world.DbAsync(db => db.ProcessedTurns.Select(t => t.Key).ToListAsync(Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task PruneAsync_KeysOlderThanADay_Forgotten(string provider)
    {
        await using var world = await CreateAsync(provider);
        await RunAsync(world, "old", slug: "old");
        world.Advance(TimeSpan.FromHours(25));
        await RunAsync(world, "recent", slug: "recent");

        var pruned = await world.UseAsync<TurnLedger, int>(l => l.PruneAsync(Cancellation));

        Assert.Equal(1, pruned);
        Assert.Equal("done", await RunAsync(world, "old"));
        Assert.Null(await RunAsync(world, "recent"));
    }

    /// <summary>One turn in its own scope: optionally saves an organization (an effect), optionally fails after saving it.</summary>
    /// <summary>Contexts come from a pool: one used again by a later turn still counts that turn's writes and, on SQLite, queues for the writer.</summary>
    [Theory, StorageProviders]
    public async Task RunOnceAsync_OnAContextUsedAgain_StillKeepsTheKeysOfTurnsThatWrote(string provider)
    {
        await using var world = await CreateAsync(provider);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("done", await RunAsync(world, $"msteams:activity-{i}", slug: $"org-{i}"));
        }

        var (keys, gated) = await world.DbAsync(async db => (
            await db.ProcessedTurns.CountAsync(t => t.Key.StartsWith("msteams:activity-"), Cancellation),
            db.Database.GetDbConnection() is GatedSqliteConnection));
        Assert.Equal(3, keys);
        Assert.Equal(provider == StorageProvider.SqliteName, gated);
        Assert.Null(await RunAsync(world, "msteams:activity-1", slug: "org-again"));
    }

    private static Task<string?> RunAsync(TestWorld world, string key, string? slug = null, bool fail = false) =>
        world.InScopeAsync(services =>
        {
            var db = services.GetRequiredService<CoPBotDbContext>();
            return services.GetRequiredService<TurnLedger>().RunOnceAsync(key, async ct =>
            {
                if (slug is not null)
                {
                    db.Organizations.Add(new Organization { Slug = slug, Name = slug });
                    await db.SaveChangesAsync(ct);
                }

                return fail ? throw new TimeoutException("The database stopped answering.") : "done";
            }, Cancellation);
        });
}
