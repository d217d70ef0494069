using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Tests.App;
using CoPBot.Services.Views;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Rules;

/// <summary>
/// Rule 13: a check-in counts; it never scores. The person's own act with the code on the room screen, walk-ins
/// included; organizers see counts only; nothing ever goes to someone who said yes and did not come.
/// </summary>
public class Rule13_CheckInCountsNeverScoresTests
{
    private static readonly Dictionary<string, string?> WithSecret = new() { ["CheckIn:Secret"] = CheckInCodesTests.Secret };

    [Theory, StorageProviders]
    public async Task CheckInAsync_CodeOnTheScreen_CountedOnceEvenTwice(string provider)
    {
        await using var world = await CreateAsync(provider, WithSecret);
        var (session, _) = await RoomAsync(world);
        var ana = await world.PersonAsync("Ana");

        var first = await CheckInAsync(world, ana, session.Reference, CodeNow(world, session));
        var again = await CheckInAsync(world, ana, null, CodeNow(world, session));

        Assert.False(first.AlreadyCheckedIn);
        Assert.True(again.AlreadyCheckedIn);
        Assert.Equal(session.Id, again.Session.Id);
        Assert.Equal(new CheckInCounts(1, 0, 1), await CountsAsync(world, session));
    }

    [Theory, StorageProviders]
    public async Task CheckInAsync_SaidYesAndWalkIn_CountedApart(string provider)
    {
        await using var world = await CreateAsync(provider, WithSecret);
        var (session, _) = await RoomAsync(world, startsIn: TimeSpan.FromHours(2));
        var ana = await world.PersonAsync("Ana");
        var ben = await world.PersonAsync("Ben");
        var cleo = await world.PersonAsync("Cleo");
        await world.RsvpAsync(ana, session, yes: true);
        await world.RsvpAsync(cleo, session, yes: true);
        world.Advance(TimeSpan.FromHours(2));

        await CheckInAsync(world, ana, null, CodeNow(world, session));
        await CheckInAsync(world, ben, null, CodeNow(world, session));

        // Cleo said yes and did not come: she is in no figure beyond "said yes", and nobody can tell it was her.
        Assert.Equal(new CheckInCounts(Came: 2, SaidYes: 1, WalkIns: 1), await CountsAsync(world, session));
        Assert.True(await world.UseAsync<CheckInService, bool>(c => c.IsCheckedInAsync(session.Id, ben.PersonId, Cancellation)));
        Assert.False(await world.UseAsync<CheckInService, bool>(c => c.IsCheckedInAsync(session.Id, cleo.PersonId, Cancellation)));
        var present = await world.UseAsync<CheckInService, IReadOnlySet<Guid>>(c => c.CheckedInPeopleAsync(session.Id, Cancellation));
        Assert.Equal(new[] { ana.PersonId, ben.PersonId }.Order(), present.Order());
    }

    [Theory, StorageProviders]
    public async Task CheckInAsync_PreviousMinutesCode_AcceptedButOlderRefused(string provider)
    {
        await using var world = await CreateAsync(provider, WithSecret);
        var (session, _) = await RoomAsync(world);
        var ana = await world.PersonAsync("Ana");
        var ben = await world.PersonAsync("Ben");
        var shown = CodeNow(world, session);

        world.Advance(TimeSpan.FromMinutes(1));
        var late = await CheckInAsync(world, ana, null, shown);
        world.Advance(TimeSpan.FromMinutes(1));
        var tooLate = await Assert.ThrowsAsync<DomainException>(() => CheckInAsync(world, ben, null, shown));

        Assert.False(late.AlreadyCheckedIn);
        Assert.Contains("changes every minute", tooLate.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await CountsAsync(world, session)).Came);
    }

    [Theory, StorageProviders]
    public async Task CheckInAsync_AnotherSessionsCode_Refused(string provider)
    {
        await using var world = await CreateAsync(provider, WithSecret);
        var (session, olga) = await RoomAsync(world);
        var other = await world.SessionAsync(olga, session.NetworkHandle, TimeSpan.FromHours(30));
        var ana = await world.PersonAsync("Ana");

        var wrong = await Assert.ThrowsAsync<DomainException>(() => CheckInAsync(world, ana, session.Reference, CodeNow(world, other)));

        Assert.Contains("doesn't match", wrong.Message, StringComparison.Ordinal);
        Assert.Equal(CheckInCounts.None, await CountsAsync(world, session));
        Assert.Equal(CheckInCounts.None, await CountsAsync(world, other));
    }

    [Theory, StorageProviders]
    public async Task CheckInAsync_RoomNotOpenYetOrOver_KindRefusal(string provider)
    {
        await using var world = await CreateAsync(provider, WithSecret);
        var (session, _) = await RoomAsync(world, startsIn: TimeSpan.FromHours(3));
        var ana = await world.PersonAsync("Ana");

        var early = await Assert.ThrowsAsync<DomainException>(() => CheckInAsync(world, ana, session.Reference, CodeNow(world, session)));
        var byCodeEarly = await Assert.ThrowsAsync<DomainException>(() => CheckInAsync(world, ana, null, CodeNow(world, session)));
        world.Advance(TimeSpan.FromHours(5));
        var over = await Assert.ThrowsAsync<DomainException>(() => CheckInAsync(world, ana, session.Reference, CodeNow(world, session)));

        Assert.Contains("opens 30 minutes before", early.Message, StringComparison.Ordinal);
        Assert.Contains("doesn't match a session happening now", byCodeEarly.Message, StringComparison.Ordinal);
        Assert.Contains("is over", over.Message, StringComparison.Ordinal);
        Assert.Equal(CheckInCounts.None, await CountsAsync(world, session));
    }

    [Theory, StorageProviders]
    public async Task CheckInAsync_SessionOfAnotherOrganization_CodeFindsNothing(string provider)
    {
        await using var world = await CreateAsync(provider, WithSecret);
        var (session, _) = await RoomAsync(world);
        var stranger = await world.PersonAsync("Sol", organization: County);

        await Assert.ThrowsAsync<DomainException>(() => CheckInAsync(world, stranger, null, CodeNow(world, session)));

        Assert.Equal(CheckInCounts.None, await CountsAsync(world, session));
    }

    [Theory, StorageProviders]
    public async Task CheckInAsync_NoSecretConfigured_OffAndSaysSo(string provider)
    {
        await using var world = await CreateAsync(provider);
        var (session, _) = await RoomAsync(world);
        var ana = await world.PersonAsync("Ana");

        var off = await Assert.ThrowsAsync<DomainException>(() => CheckInAsync(world, ana, session.Reference, "1234"));

        Assert.Contains("isn't switched on", off.Message, StringComparison.Ordinal);
        Assert.False(world.Services.GetRequiredService<CheckInCodes>().Enabled);
    }

    /// <summary>A session whose room is open now (it starts in 10 minutes unless told otherwise), and its organizer.</summary>
    internal static async Task<(SessionSummary Session, Actor Organizer)> RoomAsync(TestWorld world, TimeSpan? startsIn = null)
    {
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        return (await world.SessionAsync(olga, network.Handle, startsIn ?? TimeSpan.FromMinutes(10)), olga);
    }

    internal static string CodeNow(TestWorld world, SessionSummary session) =>
        world.Services.GetRequiredService<CheckInCodes>().Current(session.Id, world.Clock.GetUtcNow());

    internal static Task<CheckInResult> CheckInAsync(TestWorld world, Actor person, string? reference, string code) =>
        world.UseAsync<CheckInService, CheckInResult>(c => c.CheckInAsync(person, reference, code, Cancellation));

    internal static Task<CheckInCounts> CountsAsync(TestWorld world, SessionSummary session) =>
        world.UseAsync<CheckInService, CheckInCounts>(c => c.CountsAsync(session.Id, Cancellation));
}
