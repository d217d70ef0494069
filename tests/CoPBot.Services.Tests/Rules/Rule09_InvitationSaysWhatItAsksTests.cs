using CoPBot.Cards.Builders;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Views;
using CoPBot.Testing;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Rules;

/// <summary>
/// Rule 9: an invitation says honestly what it asks (date, time, place, duration, preparation, series part) and names
/// the organizer who invites.
/// </summary>
public class Rule09_InvitationSaysWhatItAsksTests
{
    [Theory, StorageProviders]
    public async Task InvitationCard_StoredSession_SaysWhenWhereHowLongWhatToPrepareAndWhoInvites(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga Novak");
        var network = await world.NetworkAsync(olga, "Facilitation Network", series: "training, then booster sessions");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);
        var scheduled = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(10), edit: d => d with { SeriesPart = "booster 2 of 3" });
        await world.SendInvitationsAsync(olga, scheduled);
        var session = await world.UseAsync<SessionService, SessionSummary>(s => s.GetAsync(ana, scheduled.Reference, Cancellation));

        var card = SessionCards.Invitation(session);

        var facts = card.Facts.ToDictionary(f => f.Label, f => f.Value);
        var local = session.StartsAt;
        Assert.Contains(local.ToString("d MMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-US")), facts["When"], StringComparison.Ordinal);
        Assert.Contains(local.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), facts["When"], StringComparison.Ordinal);
        Assert.Equal("Room 4B, 1 Civic Plaza", facts["Where"]);
        Assert.Equal("1 h 30 min", facts["Duration"]);
        Assert.Equal("Bring one problem from your work.", facts["Preparation"]);
        Assert.Equal("booster 2 of 3 (training, then booster sessions)", facts["Series"]);
        Assert.Contains("Olga Novak", card.Subtitle, StringComparison.Ordinal);
        Assert.Contains("Sketch, test, repeat.", card.Paragraphs);
    }

    [Theory, StorageProviders]
    public async Task InvitationCard_NoPreparation_SaysNoneRatherThanNothing(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var scheduled = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(10), edit: d => d with { Preparation = null });

        var card = SessionCards.Invitation(scheduled);

        Assert.Contains(card.Facts, f => f.Label == "Preparation" && f.Value == "None");
    }

    [Theory, StorageProviders]
    public async Task ScheduleAsync_NoPlace_RefusedBecauseSessionsMeetInPerson(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");

        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(10), edit: d => d with { Room = null, Address = " " }));

        Assert.Contains("in person", ex.Message, StringComparison.Ordinal);
    }

    [Theory, StorageProviders]
    public async Task SessionSummary_Organizer_IsTheOneWhoScheduled(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var pia = await world.PersonAsync("Pia");
        await world.UseAsync<NetworkService, NetworkSummary>(n => n.AddOrganizerAsync(olga, network.Handle, pia.PersonId, Cancellation));

        var session = await world.SessionAsync(pia, network.Handle, TimeSpan.FromDays(10));

        Assert.Equal("Pia", session.OrganizerName);
    }
}
