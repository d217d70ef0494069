using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Views;
using CoPBot.Testing;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.App;

/// <summary>Only organizers act for a network; organizations are isolated unless a network is opened to a partner.</summary>
public class NetworkServiceIsolationTests
{
    [Theory, StorageProviders]
    public async Task OrganizerOnlyActions_ByAMember_Refused(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(5));

        await Assert.ThrowsAsync<DomainException>(() => world.SessionAsync(ana, network.Handle, TimeSpan.FromDays(6)));
        await Assert.ThrowsAsync<DomainException>(() => world.SendInvitationsAsync(ana, session));
        await Assert.ThrowsAsync<DomainException>(() => world.UseAsync<SessionService, SessionSummary>(s => s.CancelAsync(ana, session.Reference, Cancellation)));
        await Assert.ThrowsAsync<DomainException>(() => world.UseAsync<SessionService, SessionStats>(s => s.StatsAsync(ana, session.Reference, Cancellation)));

        Assert.Empty(await world.OutboxAsync());
        Assert.Equal(SessionStatus.Scheduled, (await world.UseAsync<SessionService, SessionSummary>(s => s.GetAsync(ana, session.Reference, Cancellation))).Status);
    }

    [Theory, StorageProviders]
    public async Task OtherOrganization_SeesNothingUntilOpenedToIt(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga", organization: City);
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var kai = await world.PersonAsync("Kai", organization: County);

        Assert.Empty(await world.UseAsync<NetworkService, IReadOnlyList<NetworkSummary>>(n => n.ListAsync(kai, Cancellation)));
        await Assert.ThrowsAsync<DomainException>(() => world.JoinAsync(kai, network.Handle));

        await world.UseAsync<NetworkService, NetworkSummary>(n => n.OpenToPartnerAsync(olga, network.Handle, County, Cancellation));

        var visible = Assert.Single(await world.UseAsync<NetworkService, IReadOnlyList<NetworkSummary>>(n => n.ListAsync(kai, Cancellation)));
        Assert.Equal(["Lake County"], visible.PartnerOrganizations);
        Assert.True((await world.JoinAsync(kai, network.Handle)).Network.IsMember);
    }
}
