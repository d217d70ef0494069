using System.Text.Json;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Views;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Rules;

/// <summary>Rule 4: organizers see attendee names and counts only; nobody ever sees who declined or did not answer.</summary>
public class Rule04_DeclinesAndSilenceArePrivateTests
{
    private sealed record Scene(TestWorld World, Actor Olga, Actor Yes, Actor No, Actor Silent, Actor Waiting, NetworkSummary Network, SessionSummary Session);

    /// <summary>Capacity 1: Yara says yes, Nils says no, Sam stays silent, Wim waits for a place.</summary>
    private static async Task<Scene> SceneAsync(TestWorld world)
    {
        var olga = await world.PersonAsync("Olga", "Innovation");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var yes = await world.PersonAsync("Yara", "Parks");
        var no = await world.PersonAsync("Nils", "Finance");
        var silent = await world.PersonAsync("Sam", "Libraries");
        var waiting = await world.PersonAsync("Wim", "Transit");
        foreach (var person in new[] { yes, no, silent, waiting })
        {
            await world.JoinAsync(person, network.Handle);
        }

        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7), capacity: 1);
        await world.SendInvitationsAsync(olga, session);
        await world.RsvpAsync(yes, session, yes: true);
        await world.RsvpAsync(no, session, yes: false);
        Assert.Equal(Answer.Waitlisted, (await world.RsvpAsync(waiting, session, yes: true)).Answer);
        return new Scene(world, olga, yes, no, silent, waiting, network, session);
    }

    [Theory, StorageProviders]
    public async Task SessionRoster_ReadByOrganizer_ListsOnlyPeopleWhoSaidYes(string provider)
    {
        await using var world = await CreateAsync(provider);
        var scene = await SceneAsync(world);

        var roster = await world.UseAsync<RosterService, RosterView>(r => r.SessionAsync(scene.Olga, scene.Session.Reference, Cancellation));

        var names = roster.Groups.SelectMany(g => g.Names).ToList();
        Assert.Equal(["Yara"], names);
        Assert.Equal(0, roster.Others);
        Assert.Equal(1, roster.Total);
        Assert.DoesNotContain(roster.Groups, g => g.Department is "Finance" or "Libraries" or "Transit");
    }

    [Theory, StorageProviders]
    public async Task SessionRoster_ReadByAMember_ShowsNoDeclineOrSilence(string provider)
    {
        await using var world = await CreateAsync(provider);
        var scene = await SceneAsync(world);

        var roster = await world.UseAsync<RosterService, RosterView>(r => r.SessionAsync(scene.Silent, scene.Session.Reference, Cancellation));

        Assert.Equal(["Yara"], roster.Groups.SelectMany(g => g.Names).ToList());
        Assert.Equal(1, roster.Total);
    }

    [Theory, StorageProviders]
    public async Task StatsAsync_DeclinesAndSilence_FoldedIntoOneCount(string provider)
    {
        await using var world = await CreateAsync(provider);
        var scene = await SceneAsync(world);

        var stats = await world.UseAsync<SessionService, SessionStats>(s => s.StatsAsync(scene.Olga, scene.Session.Reference, Cancellation));

        Assert.Equal(4, stats.Invited);
        Assert.Equal(1, stats.Going);
        Assert.Equal(1, stats.Waitlisted);
        Assert.Equal(2, stats.NotThisTime);
        var json = JsonSerializer.Serialize(stats);
        foreach (var hidden in new[] { "Nils", "Sam", "Wim", "Yara", "Finance", "Libraries" })
        {
            Assert.DoesNotContain(hidden, json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void OrganizerReadModels_HaveNoPlaceForDeclinesOrSilence()
    {
        var forbidden = new[] { "Declin", "NoAnswer", "Silent", "Unanswered", "Absent", "Missing" };
        var properties = new[] { typeof(SessionStats), typeof(SessionSummary), typeof(RosterView), typeof(RosterGroup), typeof(DeliveryProgress), typeof(InvitationRun) }
            .SelectMany(t => t.GetProperties()).Select(p => $"{p.DeclaringType!.Name}.{p.Name}").ToList();

        Assert.DoesNotContain(properties, p => forbidden.Any(f => p.Contains(f, StringComparison.OrdinalIgnoreCase)));
    }

    [Theory, StorageProviders]
    public async Task SessionSummary_ReadByOrganizer_NamesNobody(string provider)
    {
        await using var world = await CreateAsync(provider);
        var scene = await SceneAsync(world);

        var summary = await world.UseAsync<SessionService, SessionSummary>(s => s.GetAsync(scene.Olga, scene.Session.Reference, Cancellation));

        var json = JsonSerializer.Serialize(summary);
        Assert.Equal(1, summary.Going);
        foreach (var name in new[] { "Nils", "Sam", "Wim", "Yara" })
        {
            Assert.DoesNotContain(name, json, StringComparison.Ordinal);
        }
    }

    [Theory, StorageProviders]
    public async Task ExportAsync_Organizer_ContainsNoOtherPersonsAnswers(string provider)
    {
        await using var world = await CreateAsync(provider);
        var scene = await SceneAsync(world);
        // The organizer also invites a colleague personally, who says no.
        var zed = await world.PersonAsync("Zed");
        await world.UseAsync<NetworkService, ColleagueInviteResult>(n => n.InviteColleagueAsync(scene.Olga, scene.Network.Handle, zed.PersonId, Cancellation));
        var colleague = await world.DbAsync(db => db.ColleagueInvitations.AsNoTracking().SingleAsync(Cancellation));
        await world.UseAsync<NetworkService, NetworkSummary>(n => n.AnswerColleagueInvitationAsync(zed, colleague.Id, accept: false, Cancellation));

        var json = await world.UseAsync<DataRightsService, string>(d => d.ExportAsync(scene.Olga, Cancellation));

        using var document = JsonDocument.Parse(json);
        Assert.Equal(0, document.RootElement.GetProperty("invitations").GetArrayLength());
        foreach (var hidden in new[] { "Nils", "Sam", "Wim", "Yara", "Zed", "Declined", "Waitlisted" })
        {
            Assert.DoesNotContain(hidden, json, StringComparison.Ordinal);
        }
    }
}
