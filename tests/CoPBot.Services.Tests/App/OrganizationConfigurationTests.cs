using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Views;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.App;

/// <summary>
/// Issue 9, parts 5 and 6: an organization's configured zone is looked up for people with no zone of their own (never
/// copied into them, so a change applies), stand-in names give way to real ones, and organizer commands forgive a typo.
/// </summary>
public sealed class OrganizationConfigurationTests
{
    private static readonly Dictionary<string, string?> CityInChicago = new() { ["Organizations:Entries:0:TimeZone"] = "Chicago" };

    private static OrganizationOptions Configured(string cityZone) => new()
    {
        Entries =
        [
            new OrganizationEntry { Slug = City, Name = "City of Riverton", TimeZone = cityZone, Tenants = [$"console:{City}"] },
            new OrganizationEntry { Slug = County, Name = "Lake County", Tenants = [$"console:{County}"] },
        ],
    };

    /// <summary>What start-up does with the configuration of the day (the world's own options were read at its start).</summary>
    private static async Task StartWithAsync(TestWorld world, OrganizationOptions options) =>
        await world.DbAsync(async db =>
        {
            await new PeopleService(db, world.Clock, Options.Create(options)).ApplyOrganizationConfigurationAsync(Cancellation);
            return true;
        });

    [Theory, StorageProviders]
    public async Task PersonWithoutAZone_TakesTheOrganizationsZone_LookedUpNotCopied_SoAChangeApplies(string provider)
    {
        await using var world = await CreateAsync(provider, CityInChicago);
        var olga = await world.PersonAsync("Olga");

        var stored = await world.DbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == olga.PersonId, Cancellation));
        Assert.Equal("America/Chicago", olga.TimeZoneId);
        Assert.Null(stored.ClientTimeZoneId);

        await StartWithAsync(world, Configured("Europe/Berlin"));

        Assert.Equal("Europe/Berlin", (await world.UseAsync<PeopleService, Actor>(p => p.GetActorAsync(olga.PersonId, Cancellation))).TimeZoneId);
        Assert.Equal("Europe/Berlin", (await world.UseAsync<PeopleService, SettingsView>(p => p.GetSettingsAsync(olga, Cancellation))).TimeZoneId);
    }

    [Theory, StorageProviders]
    public async Task ZonePrecedence_OwnSetting_ThenClient_ThenOrganization(string provider)
    {
        await using var world = await CreateAsync(provider, CityInChicago);
        var key = new AccountKey("console", City, "kai-1");

        var fromClient = await world.UseAsync<PeopleService, Actor>(p => p.ResolveAsync(key, "Kai", "Europe/Paris", Cancellation));
        var clientSilentLater = await world.UseAsync<PeopleService, Actor>(p => p.ResolveAsync(key, "Kai", null, Cancellation));
        await world.UseAsync<PeopleService, SettingsView>(p => p.UpdateSettingsAsync(fromClient, new SettingsChange { TimeZoneId = "Asia/Tokyo" }, Cancellation));
        var own = await world.UseAsync<PeopleService, Actor>(p => p.ResolveAsync(key, "Kai", "Europe/Paris", Cancellation));

        Assert.Equal("Europe/Paris", fromClient.TimeZoneId);
        Assert.Equal("Europe/Paris", clientSilentLater.TimeZoneId);
        Assert.Equal("Asia/Tokyo", own.TimeZoneId);
    }

    [Theory, StorageProviders]
    public async Task QuietHours_OfAPersonWithoutAZone_FollowTheOrganizationsZone(string provider)
    {
        await using var world = await CreateAsync(provider, CityInChicago);
        var olga = await world.PersonAsync("Olga");
        var person = await world.DbAsync(db => db.People.AsNoTracking().Include(p => p.Organization).SingleAsync(p => p.Id == olga.PersonId, Cancellation));

        // 02:00 UTC is 20:00 the day before in Chicago (CST): inside the default quiet hours 20:00-08:00, so the
        // message waits until 08:00 Chicago time, 14:00 UTC.
        var held = Outbox.AttentionBudget.AfterQuietHours(person, new DateTime(2026, 12, 2, 2, 0, 0, DateTimeKind.Utc));

        Assert.Equal(new DateTime(2026, 12, 2, 14, 0, 0, DateTimeKind.Utc), held);
    }

    [Theory, StorageProviders]
    public async Task StandInName_OrganizationAndId_GetsTheRealName_FromConfigurationOrThePlatform(string provider)
    {
        await using var world = await CreateAsync(provider);
        await world.PersonAsync("Olga");
        var stranger = await world.PersonAsync("Sam", organization: "T1DC2JH3J");
        await world.DbAsync(async db =>
        {
            foreach (var organization in await db.Organizations.ToListAsync(Cancellation))
            {
                organization.Name = organization.Slug == City ? "Organization 00000000-0000-0000-0000-000000000001" : "Organization T1DC2JH3J";
            }

            return await db.SaveChangesAsync(Cancellation);
        });

        Assert.True(await world.UseAsync<PeopleService, bool>(p => p.NeedsOrganizationNameAsync("console", "T1DC2JH3J", Cancellation)));
        await StartWithAsync(world, Configured("Chicago"));
        await world.UseAsync<PeopleService>(p => p.NameOrganizationAsync("console", "T1DC2JH3J", "Alder County", Cancellation));

        var names = await world.DbAsync(db => db.Organizations.AsNoTracking().OrderBy(o => o.Name).Select(o => o.Name).ToListAsync(Cancellation));
        Assert.Equal(["Alder County", "City of Riverton"], names);
        Assert.NotEqual(Guid.Empty, stranger.OrganizationId);
        Assert.False(new Organization { Name = "Organization for Housing", Slug = "housing" }.NeedsName);
    }

    [Theory, StorageProviders]
    public async Task OpenTo_ForgivesAnUnambiguousTypo_AsNetworkNamesDo(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        await world.PersonAsync("Kai", organization: County);
        var idealab = await world.NetworkAsync(olga, "IdeaLab");

        var opened = await world.UseAsync<NetworkService, NetworkSummary>(n => n.OpenToPartnerAsync(olga, idealab.Handle, "Lake Conty", Cancellation));

        Assert.Equal(["Lake County"], opened.PartnerOrganizations);
    }
}
