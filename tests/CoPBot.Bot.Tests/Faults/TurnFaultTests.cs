using System.Net;
using CoPBot.Bot.Tests.EndToEnd;
using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using static CoPBot.Bot.Tests.EndToEnd.TeamsEndToEndTests;

namespace CoPBot.Bot.Tests.Faults;

/// <summary>
/// A turn is recorded as handled in the same transaction as its effects. Through the real host and database: a fault
/// between the ledger entry and the effects, and a database that is unavailable during a turn, each answer 503 with an
/// empty body, and the platform's redelivery then does the work exactly once.
/// </summary>
public sealed class TurnFaultTests
{
    private static readonly TeamsPerson Olivia = TeamsPerson.Named("Olivia Organizer");
    private static readonly TeamsPerson Maya = TeamsPerson.Named("Maya Member");
    private static readonly SlackPerson Sam = new("U0SAM", "Sam Organizer");
    private static readonly SlackPerson Lena = new("U0LENA", "Lena Member");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory, StorageProviders]
    public async Task JoinAndRsvp_SaveFailsAfterTheLedgerEntry_Answer503AndRedeliveryDoesEachOnce(string provider)
    {
        var faults = new StorageFaultInjector();
        await using var host = await LiveBotHost.StartAsync(provider, new LiveBotHostOptions { ConfigureServices = faults.Register });
        await OpenSessionAsync(host);
        await host.InstallForAsync(Maya);

        // The join saves the membership, then fails on the invitation it queues: nothing of the turn may stay.
        faults.FailNextSave(db => db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added));
        await AssertUnavailableAsync(await host.SayPersonallyAsync(Maya, "join idealab", "maya-join"));
        Assert.Equal(1, faults.Injected);
        Assert.Equal(0, await MembershipsAsync(host, Maya));
        Assert.Equal(0, await OutboxRowsAsync(host, Maya));

        // Teams redelivers the activity it saw no 200 for; then once more, as a duplicate.
        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var redelivered = await host.SayPersonallyAsync(Maya, "join idealab", "maya-join");
            Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        }

        Assert.Equal(1, await MembershipsAsync(host, Maya));
        Assert.Equal(1, await OutboxRowsAsync(host, Maya));

        // The answer fails on its own write; the redelivery answers once, and the place is taken once.
        faults.FailNextSave(db => db.ChangeTracker.Entries<Invitation>().Any(e => e.State is EntityState.Modified or EntityState.Added));
        await AssertUnavailableAsync(await host.SayPersonallyAsync(Maya, "yes", "maya-yes"));
        Assert.Equal(2, faults.Injected);
        Assert.NotEqual(Answer.Yes, await AnswerOfAsync(host, Maya));
        var outboxBefore = await OutboxRowsAsync(host, Maya);
        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var redelivered = await host.SayPersonallyAsync(Maya, "yes", "maya-yes");
            Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        }

        Assert.Equal(Answer.Yes, await AnswerOfAsync(host, Maya));
        Assert.Equal(1, await host.QueryAsync(db => db.Invitations.CountAsync(i => i.Answer == Answer.Yes, Cancellation)));
        Assert.InRange(await OutboxRowsAsync(host, Maya), outboxBefore, outboxBefore + 1);
        var afterFirst = await OutboxRowsAsync(host, Maya);
        using (var again = await host.SayPersonallyAsync(Maya, "yes", "maya-yes"))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        Assert.Equal(afterFirst, await OutboxRowsAsync(host, Maya));
    }

    [Theory, StorageProviders]
    public async Task TeamsTurn_DatabaseUnavailable_Answers503WithoutDetailAndRedeliveryJoinsOnce(string provider)
    {
        // Development: where the developer exception page used to show the stack trace in the body.
        var faults = new StorageFaultInjector();
        await using var host = await LiveBotHost.StartAsync(provider, new LiveBotHostOptions
        {
            Environment = "Development",
            ConnectionStringSuffix = provider == StorageProvider.SqliteName ? ";Default Timeout=1" : "",
            ConfigureServices = faults.Register,
        });
        await OpenSessionAsync(host);
        await host.InstallForAsync(Maya);

        await using (await faults.OutageAsync(provider, host.SqliteFile))
        {
            await AssertUnavailableAsync(await host.SayPersonallyAsync(Maya, "join idealab", "maya-join-outage"));
            using var click = await host.SayPersonallyAsync(Maya, "networks");
            await AssertUnavailableAsync(click);
        }

        Assert.Equal(0, await MembershipsAsync(host, Maya));
        using (var redelivered = await host.SayPersonallyAsync(Maya, "join idealab", "maya-join-outage"))
        {
            Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        }

        using (var duplicate = await host.SayPersonallyAsync(Maya, "join idealab", "maya-join-outage"))
        {
            Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        }

        Assert.Equal(1, await MembershipsAsync(host, Maya));
        Assert.Equal(1, await OutboxRowsAsync(host, Maya));
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 1200);
    }

    [Theory, StorageProviders]
    public async Task Slack_DatabaseUnavailable_Answers503AndSlacksRetryDoesTheWorkOnce(string provider)
    {
        var faults = new StorageFaultInjector();
        await using var host = await LiveBotHost.StartAsync(provider, new LiveBotHostOptions
        {
            ConnectionStringSuffix = provider == StorageProvider.SqliteName ? ";Default Timeout=1" : "",
            ConfigureServices = faults.Register,
        });
        Assert.Equal(HttpStatusCode.OK, (await host.SlashAsync(Sam, "C0LEARN", "new network IdeaLab; handle: idealab")).Status);

        await using (await faults.OutageAsync(provider, host.SqliteFile))
        {
            // An event: not acknowledged, so Slack redelivers it. A command: the person sees it failed and can repeat it.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await host.DirectMessageAsync(Lena, "join idealab", "Ev0FAULT01"));
            var (status, body) = await host.SlashAsync(Lena, "C0LEARN", "networks");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Null(body);
        }

        Assert.Equal(0, await host.QueryAsync(db => db.Memberships.CountAsync(m => db.Accounts.Any(a => a.PersonId == m.PersonId && a.UserId == Lena.Id), Cancellation)));
        Assert.Equal(HttpStatusCode.OK, await host.DirectMessageAsync(Lena, "join idealab", "Ev0FAULT01", retry: 1));
        Assert.Equal(HttpStatusCode.OK, await host.DirectMessageAsync(Lena, "join idealab", "Ev0FAULT01", retry: 2));
        Assert.Equal(1, await host.QueryAsync(db => db.Memberships.CountAsync(m => db.Accounts.Any(a => a.PersonId == m.PersonId && a.UserId == Lena.Id), Cancellation)));
        Assert.Single(host.Slack.To("chat.postMessage"), r => r.Body.Contains("in IdeaLab.", StringComparison.Ordinal));
    }

    /// <summary>Olivia's network with a session open for answers (capacity 12) whose invitations are out: who joins now gets one.</summary>
    private static async Task OpenSessionAsync(LiveBotHost host)
    {
        Assert.Equal(HttpStatusCode.OK, (await host.InstallForAsync(Olivia)).StatusCode);
        Assert.Contains("IdeaLab is ready", await SayAsync(host, Olivia, "new network IdeaLab; handle: idealab"), StringComparison.Ordinal);
        Assert.Contains("Scheduled Prototyping on paper as idealab-1",
            await SayAsync(host, Olivia, "schedule idealab: Prototyping on paper; when: 2027-03-11 09:30; for: 90 min; where: Room 4B, City Hall; capacity: 12"),
            StringComparison.Ordinal);
        await SayAsync(host, Olivia, "invite idealab-1");
    }

    /// <summary>503, so that the platform retries, and nothing in the body: no stack trace, no detail.</summary>
    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync(Cancellation));
        }
    }

    private static Task<int> MembershipsAsync(LiveBotHost host, TeamsPerson person) =>
        host.QueryAsync(db => db.Memberships.CountAsync(m => m.LeftAt == null && db.Accounts.Any(a => a.PersonId == m.PersonId && a.UserId == person.Id), Cancellation));

    private static Task<int> OutboxRowsAsync(LiveBotHost host, TeamsPerson person) =>
        host.QueryAsync(db => db.Outbox.CountAsync(o => db.Accounts.Any(a => a.PersonId == o.PersonId && a.UserId == person.Id), Cancellation));
}
