using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Services.Storage;
using CoPBot.Services.Tests.Storage;
using CoPBot.Services.Views;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.App;

/// <summary>Housekeeping keeps the time-based rules true: offers expire and pass on (rule 12), and what is kept is pruned.</summary>
public class HousekeepingServiceTests
{
    private static readonly HousekeepingPolicy Policy = new(TimeSpan.FromDays(1), TimeSpan.FromDays(30));

    private sealed record Offered(TestWorld World, Actor Olga, Actor W1, Actor W2, SessionSummary Session);

    /// <summary>Capacity 2: Ada and Bo say yes, Wen then Wu wait; Ada declines, so Wen is offered the place.</summary>
    private static async Task<Offered> OfferedAsync(TestWorld world)
    {
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7), capacity: 2);
        var ada = await world.PersonAsync("Ada");
        await world.RsvpAsync(ada, session, yes: true);
        await world.RsvpAsync(await world.PersonAsync("Bo"), session, yes: true);
        var w1 = await world.PersonAsync("Wen");
        var w2 = await world.PersonAsync("Wu");
        world.Advance(TimeSpan.FromMinutes(1));
        await world.RsvpAsync(w1, session, yes: true);
        world.Advance(TimeSpan.FromMinutes(1));
        await world.RsvpAsync(w2, session, yes: true);
        await world.RsvpAsync(ada, session, yes: false);
        Assert.Equal(Answer.Offered, (await world.InvitationAsync(w1, session))!.Answer);
        return new Offered(world, olga, w1, w2, session);
    }

    private static Task<HousekeepingReport> PassAsync(TestWorld world, HousekeepingPolicy? policy = null) =>
        world.UseAsync<HousekeepingService, HousekeepingReport>(h => h.RunOnceAsync(policy ?? Policy, Cancellation));

    [Theory, StorageProviders]
    public async Task RunOnceAsync_OfferPastItsDeadline_NextWaitingIsOfferedAndTheExpiredPersonSeesItExpired(string provider)
    {
        await using var world = await CreateAsync(provider);
        var o = await OfferedAsync(world);
        world.Advance(Invitation.OfferWindow);

        var report = await PassAsync(world);

        Assert.Equal((1, 1), (report.OffersLapsed, report.OffersPassedOn));
        Assert.Equal(Answer.Offered, (await world.InvitationAsync(o.W2, o.Session))!.Answer);
        Assert.Single(await world.OutboxAsync(), m => m.Kind == OutboxKind.Offer && m.PersonId == o.W2.PersonId);

        // Wen's views: the offer expired, no place is held for her.
        var details = await world.UseAsync<SessionService, SessionSummary>(s => s.GetAsync(o.W1, o.Session.Reference, Cancellation));
        Assert.True(details.OfferExpired);
        Assert.Equal(Answer.None, details.MyAnswer);
        var mine = Assert.Single(await world.UseAsync<SessionService, IReadOnlyList<SessionSummary>>(s => s.MySessionsAsync(o.W1, Cancellation)));
        Assert.True(mine.OfferExpired);

        // Pressing the offer card late changes nothing, and says the offer expired.
        var late = await world.UseAsync<SessionService, RsvpResult>(s => s.AnswerOfferAsync(o.W1, o.Session.Id.ToString(), accept: true, Cancellation));
        Assert.True(late.Session.OfferExpired);
        Assert.Equal(Answer.None, (await world.InvitationAsync(o.W1, o.Session))!.Answer);
        Assert.Equal(Answer.Offered, (await world.InvitationAsync(o.W2, o.Session))!.Answer);
    }

    [Theory, StorageProviders]
    public async Task GetAsync_OfferPastItsDeadlineBeforeAnyPass_SaysExpiredNotHeld(string provider)
    {
        await using var world = await CreateAsync(provider);
        var o = await OfferedAsync(world);
        var held = await world.UseAsync<SessionService, SessionSummary>(s => s.GetAsync(o.W1, o.Session.Reference, Cancellation));
        Assert.Equal(Answer.Offered, held.MyAnswer);
        Assert.False(held.OfferExpired);

        world.Advance(Invitation.OfferWindow);
        var expired = await world.UseAsync<SessionService, SessionSummary>(s => s.GetAsync(o.W1, o.Session.Reference, Cancellation));

        Assert.True(expired.OfferExpired);
        Assert.Equal(Answer.None, expired.MyAnswer);
    }

    [Theory, StorageProviders]
    public async Task RunOnceAsync_Twice_TheSecondChangesNothing(string provider)
    {
        await using var world = await CreateAsync(provider);
        var o = await OfferedAsync(world);
        world.Advance(Invitation.OfferWindow);
        await PassAsync(world);
        var outbox = (await world.OutboxAsync()).Select(m => (m.Id, m.Status)).ToList();

        var second = await PassAsync(world);

        Assert.Equal(new HousekeepingReport(false, 0, 0, 0, 0, 0), second);
        Assert.Equal(outbox, (await world.OutboxAsync()).Select(m => (m.Id, m.Status)).ToList());
        Assert.Equal(Answer.Offered, (await world.InvitationAsync(o.W2, o.Session))!.Answer);
    }

    [Theory, StorageProviders]
    public async Task RunOnceAsync_TwoInstancesAtOnce_OneOfferNotTwo(string provider)
    {
        var interleaving = new Interleaving();
        await using var world = await CreateAsync(provider, configureServices: interleaving.Register);
        var o = await OfferedAsync(world);
        world.Advance(Invitation.OfferWindow);
        var (firstWaits, releaseFirst) = interleaving.HoldSave("first");

        // The first pass is held inside its transaction, having lapsed Wen's offer and offered Wu the place.
        var first = Interleaving.As("first", () => PassAsync(world));
        await firstWaits.WaitAsync(Cancellation);
        var second = Interleaving.As("second", () => PassAsync(world));
        await Task.WhenAny(second, interleaving.TransactionStarted("second")).WaitAsync(Cancellation);
        if (world.Provider == CoPBot.Testing.StorageProvider.PostgresName)
        {
            // Another instance's pass is running: this one skips its turn at once rather than wait or repeat it.
            Assert.True((await second.WaitAsync(Cancellation)).WasSkipped);
        }

        releaseFirst();
        var reports = await Task.WhenAll(first, second).WaitAsync(Cancellation);

        Assert.Equal(1, reports.Sum(r => r.OffersLapsed));
        Assert.Single(await world.OutboxAsync(), m => m.Kind == OutboxKind.Offer && m.PersonId == o.W2.PersonId);
        Assert.Equal(Answer.Offered, (await world.InvitationAsync(o.W2, o.Session))!.Answer);
    }

    [Theory, StorageProviders]
    public async Task RunOnceAsync_TurnLedger_ForgetsExactlyTheTurnsOlderThanTheRetention(string provider)
    {
        await using var world = await CreateAsync(provider);
        await ChangingTurnAsync(world, "slack:old");
        world.Advance(TimeSpan.FromMinutes(50));
        await ChangingTurnAsync(world, "slack:recent");
        world.Advance(TimeSpan.FromMinutes(20));

        var report = await PassAsync(world, Policy with { TurnRetention = TimeSpan.FromHours(1) });

        Assert.Equal(1, report.TurnsForgotten);
        Assert.Equal(["slack:recent"], await world.DbAsync(db => db.ProcessedTurns.Select(t => t.Key).ToListAsync(Cancellation)));
    }

    /// <summary>A turn that changes something (a turn that changes nothing keeps no key).</summary>
    private static Task<string?> ChangingTurnAsync(TestWorld world, string key) =>
        world.InScopeAsync(services =>
        {
            var db = services.GetRequiredService<CoPBotDbContext>();
            return services.GetRequiredService<TurnLedger>().RunOnceAsync(key, async ct =>
            {
                db.Organizations.Add(new Organization { Slug = key.Replace(':', '-'), Name = key });
                await db.SaveChangesAsync(ct);
                return "done";
            }, Cancellation);
        });

    [Theory, StorageProviders]
    public async Task RunOnceAsync_OutboxRetention_DeletesExactlyFinishedRowsOfPastSessionsOlderThanTheRetention(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var past = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(1));
        var coming = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(90));
        world.Advance(TimeSpan.FromDays(60));
        var now = world.Now;
        await world.DbAsync(db =>
        {
            db.Outbox.AddRange(
                Row("sent-past-old", OutboxStatus.Sent, past.Id, now - TimeSpan.FromDays(35)),
                Row("withdrawn-past-old", OutboxStatus.Withdrawn, past.Id, now - TimeSpan.FromDays(35)),
                Row("sent-coming-old", OutboxStatus.Sent, coming.Id, now - TimeSpan.FromDays(35)),
                Row("pending-past-old", OutboxStatus.Pending, past.Id, now - TimeSpan.FromDays(35)),
                Row("dead-past-old", OutboxStatus.DeadLetter, past.Id, now - TimeSpan.FromDays(35)),
                Row("sent-past-recent", OutboxStatus.Sent, past.Id, now - TimeSpan.FromDays(10)),
                Row("colleague-old", OutboxStatus.Sent, null, now - TimeSpan.FromDays(31), OutboxKind.ColleagueInvitation));
            db.DeliveryRuns.AddRange(
                Run("finished-old", finished: true, now - TimeSpan.FromDays(35)),
                Run("open-old", finished: false, now - TimeSpan.FromDays(35)),
                Run("finished-recent", finished: true, now - TimeSpan.FromDays(2)));
            return db.SaveChangesAsync(Cancellation);
        });

        var report = await PassAsync(world);

        Assert.Equal((3, 1), (report.MessagesDeleted, report.RunsDeleted));
        Assert.Equal(["dead-past-old", "pending-past-old", "sent-coming-old", "sent-past-recent"],
            (await world.OutboxAsync()).Select(m => m.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["finished-recent", "open-old"],
            await world.DbAsync(db => db.DeliveryRuns.OrderBy(r => r.MessageId).Select(r => r.MessageId).ToListAsync(Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task RunOnceAsync_RetentionShorterThanAWeek_KeepsWhatTheWeeklyCapCounts(string provider)
    {
        await using var world = await CreateAsync(provider);
        var now = world.Now;
        await world.DbAsync(db =>
        {
            db.Outbox.AddRange(
                Row("colleague-3-days", OutboxStatus.Sent, null, now - TimeSpan.FromDays(3), OutboxKind.ColleagueInvitation),
                Row("colleague-8-days", OutboxStatus.Sent, null, now - TimeSpan.FromDays(8), OutboxKind.ColleagueInvitation));
            return db.SaveChangesAsync(Cancellation);
        });

        var report = await PassAsync(world, Policy with { OutboxRetention = TimeSpan.FromDays(1) });

        Assert.Equal(1, report.MessagesDeleted);
        Assert.Equal("colleague-3-days", Assert.Single(await world.OutboxAsync()).Key);
    }

    private static OutboxMessage Row(string key, OutboxStatus status, Guid? sessionId, DateTime at, OutboxKind kind = OutboxKind.Reminder) => new()
    {
        Key = key,
        Kind = kind,
        Channel = "console",
        PersonId = Guid.NewGuid(),
        SessionId = sessionId,
        Status = status,
        NotBefore = at,
        CreatedAt = at,
        SentAt = status == OutboxStatus.Sent ? at : null,
    };

    private static DeliveryRun Run(string messageId, bool finished, DateTime at) => new()
    {
        Id = Guid.NewGuid(), Channel = "console", TenantId = "city", ConversationId = "c", MessageId = messageId, Finished = finished, CreatedAt = at, UpdatedAt = at,
    };
}
