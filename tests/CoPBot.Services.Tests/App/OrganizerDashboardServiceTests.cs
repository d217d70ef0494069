using CoPBot.Services.App;
using CoPBot.Services.Views;
using CoPBot.Testing;

namespace CoPBot.Services.Tests.App;

/// <summary>The organizer page's figures: only the networks a person organizes, counts only, rooms for their organizers only.</summary>
public class OrganizerDashboardServiceTests
{
    [Theory, StorageProviders]
    public async Task For_ShowsOnlyTheNetworksThePersonOrganizes_WithTheirCounts(string provider)
    {
        await using var world = await TestWorld.CreateAsync(provider);
        var maria = await world.PersonAsync("Maria Lopez");
        var dev = await world.PersonAsync("Dev Patel");
        var sam = await world.PersonAsync("Sam Rivera", "Parks");
        await world.NetworkAsync(maria, "IdeaLab", handle: "idealab");
        await world.NetworkAsync(dev, "Facilitation", handle: "facilitation");
        await world.JoinAsync(sam, "idealab");
        var session = await world.SessionAsync(maria, "idealab", TimeSpan.FromDays(2));
        await world.RsvpAsync(sam, session, yes: true);

        var page = await world.UseAsync<OrganizerDashboardService, OrganizerDashboard?>(s => s.ForAsync(maria.PersonId, TestWorld.Cancellation));

        var network = Assert.Single(page!.Networks);
        Assert.Equal("idealab", network.Handle);
        var counts = Assert.Single(network.Sessions);
        Assert.Equal((session.Reference, 1, 0, 0, true), (counts.Reference, counts.SaidYes, counts.Came, counts.WalkIns, counts.IsUpcoming));

        // One person said yes: too few to show a department or an organization, so only "Other".
        Assert.Equal([new GroupCount(GroupCounts.OtherLabel, 1)], network.ByDepartment);
        Assert.Equal([new GroupCount(GroupCounts.OtherLabel, 1)], network.ByOrganization);
        Assert.True(await world.UseAsync<OrganizerDashboardService, bool>(s => s.IsOrganizerAsync(maria.PersonId, TestWorld.Cancellation)));
        Assert.False(await world.UseAsync<OrganizerDashboardService, bool>(s => s.IsOrganizerAsync(sam.PersonId, TestWorld.Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task Room_IsForTheSessionsOrganizersOnly(string provider)
    {
        await using var world = await TestWorld.CreateAsync(provider);
        var maria = await world.PersonAsync("Maria Lopez");
        var dev = await world.PersonAsync("Dev Patel");
        await world.NetworkAsync(maria, "IdeaLab", handle: "idealab");
        var session = await world.SessionAsync(maria, "idealab", TimeSpan.FromDays(2));

        var mine = await world.UseAsync<OrganizerDashboardService, RoomSession?>(s => s.RoomAsync(maria.PersonId, session.Id, TestWorld.Cancellation));
        var notDevs = await world.UseAsync<OrganizerDashboardService, RoomSession?>(s => s.RoomAsync(dev.PersonId, session.Id, TestWorld.Cancellation));
        var unknown = await world.UseAsync<OrganizerDashboardService, RoomSession?>(s => s.RoomAsync(maria.PersonId, Guid.NewGuid(), TestWorld.Cancellation));

        Assert.Equal((session.Reference, TestWorld.City), (mine!.Reference, Assert.Single(mine.OrganizationSlugs)));
        Assert.Null(notDevs);
        Assert.Null(unknown);
    }
}
