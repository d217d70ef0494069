using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Views;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.App;

/// <summary>Organizations go by the names people see: never a raw tenant id, and organizer commands accept the name.</summary>
public class OrganizationNameTests
{
    private const string UnknownTenant = "T1DC2JH3J";

    [Theory, StorageProviders]
    public async Task UnknownTenant_GetsAFriendlyName_NeverItsId(string provider)
    {
        await using var world = await CreateAsync(provider);
        var stranger = await world.PersonAsync("Sam", organization: UnknownTenant);

        var organization = await world.DbAsync(db => db.Organizations.AsNoTracking().FirstAsync(o => o.Id == stranger.OrganizationId, Cancellation));
        Assert.DoesNotContain(UnknownTenant, organization.Name, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Organization.Unnamed, organization.Name);
        Assert.True(await world.UseAsync<PeopleService, bool>(p => p.NeedsOrganizationNameAsync("console", UnknownTenant, Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task PlatformName_NamesAnUnnamedOrganizationOnce_ButNeverOverridesConfiguration(string provider)
    {
        await using var world = await CreateAsync(provider);
        var stranger = await world.PersonAsync("Sam", organization: UnknownTenant);
        await world.PersonAsync("Olga", organization: City);

        await world.UseAsync<PeopleService>(p => p.NameOrganizationAsync("console", UnknownTenant, "Alder Workspace", Cancellation));
        await world.UseAsync<PeopleService>(p => p.NameOrganizationAsync("console", City, "Not the configured name", Cancellation));

        var names = await world.DbAsync(db => db.Organizations.AsNoTracking().Select(o => o.Name).ToListAsync(Cancellation));
        Assert.Contains("Alder Workspace", names);
        Assert.Contains("City of Riverton", names);
        Assert.DoesNotContain("Not the configured name", names);
        Assert.False(await world.UseAsync<PeopleService, bool>(p => p.NeedsOrganizationNameAsync("console", UnknownTenant, Cancellation)));
        Assert.NotEqual(Guid.Empty, stranger.OrganizationId);
    }

    [Theory, StorageProviders]
    public async Task OpenTo_AcceptsTheDisplayName_APart_OrTheSlug(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga", organization: City);
        await world.PersonAsync("Kai", organization: County);
        var idealab = await world.NetworkAsync(olga, "IdeaLab");
        var dojo = await world.NetworkAsync(olga, "Data Dojo");
        var lab = await world.NetworkAsync(olga, "Lab");

        var byName = await world.UseAsync<NetworkService, NetworkSummary>(n => n.OpenToPartnerAsync(olga, idealab.Handle, "lake county", Cancellation));
        var byPart = await world.UseAsync<NetworkService, NetworkSummary>(n => n.OpenToPartnerAsync(olga, dojo.Handle, "Lake", Cancellation));
        var bySlug = await world.UseAsync<NetworkService, NetworkSummary>(n => n.OpenToPartnerAsync(olga, lab.Handle, County, Cancellation));

        Assert.All(new[] { byName, byPart, bySlug }, n => Assert.Equal(["Lake County"], n.PartnerOrganizations));
    }

    [Theory, StorageProviders]
    public async Task OpenTo_AnAmbiguousOrUnknownName_AsksInsteadOfGuessing(string provider)
    {
        await using var world = await CreateAsync(provider, new Dictionary<string, string?>
        {
            ["Organizations:Entries:2:Slug"] = "lakecity",
            ["Organizations:Entries:2:Name"] = "Lake City",
            ["Organizations:Entries:2:Tenants:0"] = "console:lakecity",
        });
        var olga = await world.PersonAsync("Olga", organization: City);
        await world.PersonAsync("Kai", organization: County);
        await world.PersonAsync("Lu", organization: "lakecity");
        var idealab = await world.NetworkAsync(olga, "IdeaLab");

        var ambiguous = await Assert.ThrowsAsync<DomainException>(() => world.UseAsync<NetworkService, NetworkSummary>(n => n.OpenToPartnerAsync(olga, idealab.Handle, "Lake", Cancellation)));
        Assert.Contains("Which one?", ambiguous.Message, StringComparison.Ordinal);
        Assert.Contains("Lake City or Lake County", ambiguous.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DomainException>(() => world.UseAsync<NetworkService, NetworkSummary>(n => n.OpenToPartnerAsync(olga, idealab.Handle, "o", Cancellation)));
        await Assert.ThrowsAsync<DomainException>(() => world.UseAsync<NetworkService, NetworkSummary>(n => n.OpenToPartnerAsync(olga, idealab.Handle, "Atlantis", Cancellation)));
        Assert.Empty((await world.UseAsync<NetworkService, NetworkSummary>(n => n.GetAsync(olga, idealab.Handle, Cancellation))).PartnerOrganizations);
    }
}
