using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.App;

/// <summary>First contact: created once, whatever arrives at the same moment, and never in a loop.</summary>
public class PeopleServiceTests
{
    [Theory, StorageProviders]
    public async Task ResolveAsync_OnePersonsFirstTurnsConcurrently_OnePersonAndNothingLogged(string provider)
    {
        var logs = new RecordingLoggerProvider();
        await using var world = await CreateAsync(provider, logs: logs);

        for (var round = 0; round < 5; round++)
        {
            // Two people of a tenant nobody has seen yet, each sending three first messages at once: the organization,
            // the people and their accounts are created once each.
            var tenant = $"new-tenant-{round}";
            var keys = new[] { new AccountKey("slack", tenant, "U-ANA"), new AccountKey("slack", tenant, "U-BEN") };
            var actors = await Task.WhenAll(keys.SelectMany(key => Enumerable.Range(0, 3).Select(_ =>
                Task.Run(() => world.UseAsync<PeopleService, Actor>(p => p.ResolveAsync(key, key.UserId, null, Cancellation)), Cancellation))));

            Assert.Equal(2, actors.Select(a => a.PersonId).Distinct().Count());
            Assert.Single(actors.Select(a => a.OrganizationId).Distinct());
        }

        Assert.Equal(10, await world.DbAsync(db => db.Accounts.CountAsync(a => a.Channel == "slack", Cancellation)));
        Assert.True(logs.Problems.Length == 0, logs.Problems);
    }

    [Theory, StorageProviders]
    public async Task ResolveAsync_AccountThatCannotBeStored_RefusedOnceWithAMessage(string provider)
    {
        var logs = new RecordingLoggerProvider();
        await using var world = await CreateAsync(provider, logs: logs);

        // Longer than its column: PostgreSQL refuses the insert every time. It used to retry without end.
        var key = new AccountKey("msteams", "tenant-" + new string('t', 200), "29:" + new string('u', 400));
        var started = DateTime.UtcNow;
        var outcome = await Record.ExceptionAsync(() => world.UseAsync<PeopleService, Actor>(p => p.ResolveAsync(key, "Ana", null, Cancellation)));

        if (provider == PostgresDatabase.PostgresName)
        {
            Assert.Contains("can't keep an account like yours", Assert.IsType<DomainException>(outcome).Message, StringComparison.Ordinal);
            Assert.InRange(logs.Entries.Count(e => e.Level >= LogLevel.Error), 0, 3);
        }
        else
        {
            // SQLite does not enforce lengths: the person is simply created.
            Assert.Null(outcome);
        }

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.Zero, TimeSpan.FromSeconds(20));
        Assert.Equal(provider == PostgresDatabase.PostgresName ? 0 : 1, await world.DbAsync(db => db.People.CountAsync(Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task FindAsync_UnknownAccount_CreatesNobody(string provider)
    {
        await using var world = await CreateAsync(provider);
        var key = new AccountKey("console", City, "sam");

        Assert.Null(await world.UseAsync<PeopleService, Actor?>(p => p.FindAsync(key, Cancellation)));
        var sam = await world.UseAsync<PeopleService, Actor>(p => p.ResolveAsync(key, "Sam", null, Cancellation));

        Assert.Equal(sam.PersonId, (await world.UseAsync<PeopleService, Actor?>(p => p.FindAsync(key, Cancellation)))?.PersonId);
        Assert.Equal(1, await world.DbAsync(db => db.People.CountAsync(Cancellation)));
    }
}
