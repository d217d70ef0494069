using System.Data.Common;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Storage;
using CoPBot.Services.Views;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.App;

/// <summary>
/// A roster longer than <see cref="RosterService.MaxNames"/>, with every kind of visibility mixed (the person's
/// setting, a membership's override, two organizations), members who left and people who never joined. Each answer
/// is checked against a plain in-memory reading of the rules: the names listed, their order and grouping, and the
/// counts (others, visible but not listed, counts only).
/// </summary>
public class RosterServiceTests
{
    private const int LongCity = 480;
    private const int LongCounty = 220;

    private static readonly string?[] Departments = ["Finance", "Parks", "Transit", null];

    /// <summary>One seeded person as the oracle knows them.</summary>
    private sealed record Member(Guid PersonId, string Name, string? Department, Guid OrganizationId, RosterVisibility Setting, RosterVisibility? Override, bool Active);

    private sealed record Scene(TestWorld World, Actor Olga, Actor Rita, Actor Otto, NetworkSummary Network, List<Member> Members, Dictionary<Guid, string> OrganizationNames);

    /// <summary>
    /// Olga (city) runs a network open to the county. Rita (city, hidden to everyone) is a member; Otto (county)
    /// is not. More people joined (by default 480 city, 220 county), in bulk: settings Members / Organization /
    /// Hidden, some membership overrides, some left; 40 more never joined.
    /// </summary>
    private static async Task<Scene> SceneAsync(TestWorld world, int cityMembers = LongCity, int countyMembers = LongCounty)
    {
        var olga = await world.PersonAsync("Olga", "Innovation");
        var otto = await world.PersonAsync("Otto", "Roads", County);
        var network = await world.NetworkAsync(olga, "IdeaLab");
        await world.UseAsync<NetworkService, NetworkSummary>(n => n.OpenToPartnerAsync(olga, network.Handle, County, Cancellation));
        var rita = await world.PersonAsync("Rita Reader", "Finance");
        await world.UseAsync<PeopleService, SettingsView>(p => p.UpdateSettingsAsync(rita, new SettingsChange { Visibility = RosterVisibility.Hidden }, Cancellation));
        await world.JoinAsync(rita, network.Handle);

        var organizations = await world.DbAsync(db => db.Organizations.AsNoTracking().ToDictionaryAsync(o => o.Slug, Cancellation));
        var members = new List<Member>
        {
            new(rita.PersonId, "Rita Reader", "Finance", rita.OrganizationId, RosterVisibility.Hidden, null, Active: true),
        };
        await world.DbAsync(async db =>
        {
            for (var i = 0; i < cityMembers + countyMembers + 40; i++)
            {
                var joins = i < cityMembers + countyMembers;
                var organization = i < cityMembers || (!joins && i % 2 == 0) ? organizations[City] : organizations[County];
                var setting = (i % 5) switch { 3 => RosterVisibility.Organization, 4 => RosterVisibility.Hidden, _ => RosterVisibility.Members };
                var person = new Person
                {
                    DisplayName = $"Member {i:D3}",
                    Department = Departments[i % Departments.Length],
                    OrganizationId = organization.Id,
                    CreatedAt = world.Now,
                    Settings = new PersonSettings { Visibility = setting },
                };
                db.People.Add(person);
                if (!joins)
                {
                    continue;
                }

                var membership = Membership.Start(person.Id, person.Id, network.Id, MembershipLevel.Invitations, world.Now);
                membership.Visibility = (i % 7, i % 13) switch { (0, _) => RosterVisibility.Hidden, (_, 0) => RosterVisibility.Members, (_, 6) => RosterVisibility.Organization, _ => null };
                if (i % 17 == 5)
                {
                    membership.Leave(world.Now);
                }

                db.Memberships.Add(membership);
                members.Add(new Member(person.Id, person.DisplayName, person.Department, organization.Id, setting, membership.Visibility, membership.IsActive));
            }

            return await db.SaveChangesAsync(Cancellation);
        });

        return new Scene(world, olga, rita, otto, network, members, organizations.Values.ToDictionary(o => o.Id, o => o.Name));
    }

    [Theory, StorageProviders]
    public async Task NetworkAsync_LongRosterWithMixedVisibility_ListsFirstVisibleNamesAndCountsTheRest(string provider)
    {
        await using var world = await CreateAsync(provider);
        var scene = await SceneAsync(world);

        var roster = await world.UseAsync<RosterService, RosterView>(r => r.NetworkAsync(scene.Rita, scene.Network.Handle, Cancellation));

        AssertFollowsTheRules(scene, scene.Rita, scene.Members.Where(m => m.Active).ToList(), roster);
        Assert.False(roster.CountsOnly);
        Assert.Equal(RosterService.MaxNames, roster.Groups.Sum(g => g.Names.Count));
        Assert.Equal(scene.Members.Count(m => m.Active), roster.Total);
        Assert.True(roster.MoreVisible > 0 && roster.Others > 0, "the scene must be longer than MaxNames and hide some members");
    }

    /// <summary>
    /// The roster reads its own copy of each member (kept by the database): after people change their name,
    /// department or visibility, a membership's override changes and an organization is renamed,
    /// the answer is what the rules say of them now.
    /// </summary>
    [Theory, StorageProviders]
    public async Task NetworkAsync_AfterMembersAndOrganizationsChange_FollowsTheirCurrentDetails(string provider)
    {
        await using var world = await CreateAsync(provider);
        var scene = await SceneAsync(world);
        var names = new Dictionary<Guid, string>(scene.OrganizationNames);
        var countyId = names.Single(n => n.Key != scene.Olga.OrganizationId).Key;
        var members = await world.DbAsync(async db =>
        {
            var changed = new List<Member>();
            foreach (var (member, i) in scene.Members.Select((m, i) => (m, i)))
            {
                var person = await db.People.SingleAsync(p => p.Id == member.PersonId, Cancellation);
                var membership = await db.Memberships.SingleAsync(m => m.PersonId == member.PersonId && m.NetworkId == scene.Network.Id, Cancellation);
                var next = member;
                switch (i % 5)
                {
                    case 1:
                        person.Settings.Visibility = (RosterVisibility)(((int)member.Setting + 1) % 3);
                        next = next with { Setting = person.Settings.Visibility };
                        break;
                    case 2:
                        person.Department = i % 4 == 0 ? null : "Zoning";
                        next = next with { Department = person.Department };
                        break;
                    case 3:
                        person.DisplayName = $"Aaron {i:D3}";
                        next = next with { Name = person.DisplayName };
                        break;
                    case 4:
                        membership.Visibility = (i % 4) switch { 0 => null, 1 => RosterVisibility.Members, 2 => RosterVisibility.Hidden, _ => RosterVisibility.Organization };
                        next = next with { Override = membership.Visibility };
                        break;
                }

                changed.Add(next);
            }

            var county = await db.Organizations.SingleAsync(o => o.Id == countyId, Cancellation);
            county.Name = "Aardvark County";
            await db.SaveChangesAsync(Cancellation);
            return changed;
        });
        names[countyId] = "Aardvark County";
        var changedScene = scene with { Members = members, OrganizationNames = names };

        var roster = await world.UseAsync<RosterService, RosterView>(r => r.NetworkAsync(scene.Rita, scene.Network.Handle, Cancellation));

        AssertFollowsTheRules(changedScene, scene.Rita, members.Where(m => m.Active).ToList(), roster);
        Assert.Equal("Aardvark County", roster.Groups[0].Organization);
        Assert.Contains(roster.Groups.SelectMany(g => g.Names), n => n.StartsWith("Aaron", StringComparison.Ordinal));
    }

    [Theory, StorageProviders]
    public async Task NetworkAsync_ShortRosterWithMixedVisibility_ListsEveryVisibleNameAndCountsTheOthers(string provider)
    {
        await using var world = await CreateAsync(provider);
        var scene = await SceneAsync(world, cityMembers: 30, countyMembers: 14);

        var roster = await world.UseAsync<RosterService, RosterView>(r => r.NetworkAsync(scene.Rita, scene.Network.Handle, Cancellation));

        AssertFollowsTheRules(scene, scene.Rita, scene.Members.Where(m => m.Active).ToList(), roster);
        Assert.Equal(0, roster.MoreVisible);
        Assert.True(roster.Others > 0, "the scene must hide some members");
    }

    [Theory, StorageProviders]
    public async Task NetworkAsync_MemberOfTheOtherOrganization_SeesOrganizationOnlyNamesOfTheirOwn(string provider)
    {
        await using var world = await CreateAsync(provider);
        var scene = await SceneAsync(world);
        var county = scene.Members.First(m => m.Active && m.OrganizationId != scene.Rita.OrganizationId && m.Override is null && m.Setting == RosterVisibility.Organization);
        var reader = await world.UseAsync<PeopleService, Actor>(p => p.GetActorAsync(county.PersonId, Cancellation));

        var roster = await world.UseAsync<RosterService, RosterView>(r => r.NetworkAsync(reader, scene.Network.Handle, Cancellation));

        AssertFollowsTheRules(scene, reader, scene.Members.Where(m => m.Active).ToList(), roster);
        Assert.Contains(roster.Groups.SelectMany(g => g.Names), n => n == $"{county.Name} (you)");
    }

    [Theory, StorageProviders]
    public async Task NetworkAsync_NonMember_SeesOnlyTheCountOfActiveMembers(string provider)
    {
        await using var world = await CreateAsync(provider);
        var scene = await SceneAsync(world);

        var roster = await world.UseAsync<RosterService, RosterView>(r => r.NetworkAsync(scene.Otto, scene.Network.Handle, Cancellation));

        Assert.True(roster.CountsOnly);
        Assert.Empty(roster.Groups);
        Assert.Equal(0, roster.MoreVisible);
        Assert.Equal(scene.Members.Count(m => m.Active), roster.Others);
    }

    /// <summary>
    /// People join while a roster is read (after each of its statements ends, one more visible member joins, committed
    /// from another connection): the names and every count are of one moment, so the answer is exactly what the rules
    /// say of the network after some number of those joins, not counts from one moment and names from another.
    /// </summary>
    [Theory, StorageProviders]
    public async Task NetworkAsync_MembersJoinWhileTheRosterIsRead_NamesAndCountsAreOfOneMoment(string provider)
    {
        var joinBetweenStatements = new AfterEachRead();
        await using var world = await CreateAsync(provider, configureServices: services => joinBetweenStatements.AddTo(services));
        var scene = await SceneAsync(world);
        var joiners = new List<Member>();
        for (var i = 0; i < 12; i++)
        {
            var joiner = await world.PersonAsync($"Joiner {i:D2}", "Finance");
            joiners.Add(new Member(joiner.PersonId, $"Joiner {i:D2}", "Finance", joiner.OrganizationId, RosterVisibility.Members, null, Active: true));
        }

        var joined = 0;
        joinBetweenStatements.Then = async () =>
        {
            if (joined < joiners.Count)
            {
                var joiner = await ActorAsync(world, joiners[joined].PersonId);
                await world.JoinAsync(joiner, scene.Network.Handle);
                joined++;
            }
        };

        var roster = await world.UseAsync<RosterService, RosterView>(r => r.NetworkAsync(scene.Rita, scene.Network.Handle, Cancellation));
        joinBetweenStatements.Then = null;

        Assert.True(joined > 0, "members must have joined while the roster was read");
        var active = scene.Members.Where(m => m.Active).ToList();
        var moments = Enumerable.Range(0, joined + 1)
            .Where(k => Passes(() => AssertFollowsTheRules(scene, scene.Rita, [.. active, .. joiners.Take(k)], roster)))
            .ToList();
        Assert.True(moments.Count == 1, $"after {joined} joins, the answer (others {roster.Others}, visible not listed {roster.MoreVisible}) matches no single moment");
    }

    /// <summary>
    /// A network's counts are kept per roster key (RosterCounts) as memberships change. After every kind of change
    /// (joining, leaving, rejoining, a membership's override set and cleared, a person's default, a person moving to
    /// another organization, an organization renamed, forget-me of a member and of an organizer, a second network),
    /// the kept counts equal a plain recount of the memberships, and the answers, for a hidden member, a member of the
    /// other organization and a non-member, follow the rules read from the people and memberships as they are now.
    /// </summary>
    [Theory, StorageProviders]
    public async Task NetworkAsync_AfterEveryKindOfMembershipChange_CountsEqualAPlainRecount(string provider)
    {
        await using var world = await CreateAsync(provider);
        var scene = await SceneAsync(world);
        var county = scene.Members.First(m => m.Active && m.OrganizationId != scene.Rita.OrganizationId && m.Override is null && m.Setting == RosterVisibility.Organization);
        var countyReader = await ActorAsync(world, county.PersonId);
        var steps = new List<(string Change, Func<Task> Make)>
        {
            ("as inserted", () => Task.CompletedTask),
        };
        var newcomer = await world.PersonAsync("Nina Newcomer", "Parks");
        steps.Add(("a newcomer joins", () => world.JoinAsync(newcomer, scene.Network.Handle)));
        var leaver = await ActorAsync(world, scene.Members.First(m => m.Active && m.Override is null && m.Setting == RosterVisibility.Members && m.OrganizationId == scene.Rita.OrganizationId).PersonId);
        steps.Add(("a member leaves", () => world.UseAsync<NetworkService, NetworkSummary>(n => n.LeaveAsync(leaver, scene.Network.Handle, Cancellation))));
        steps.Add(("the member rejoins", () => world.JoinAsync(leaver, scene.Network.Handle)));
        steps.Add(("a membership is hidden", () => world.UseAsync<NetworkService, NetworkSummary>(n => n.SetVisibilityAsync(newcomer, scene.Network.Handle, RosterVisibility.Hidden, Cancellation))));
        steps.Add(("a membership shows to its organization", () => world.UseAsync<NetworkService, NetworkSummary>(n => n.SetVisibilityAsync(newcomer, scene.Network.Handle, RosterVisibility.Organization, Cancellation))));
        steps.Add(("a membership override is cleared", () => world.UseAsync<NetworkService, NetworkSummary>(n => n.SetVisibilityAsync(newcomer, scene.Network.Handle, null, Cancellation))));
        steps.Add(("a person's default changes", () => world.UseAsync<PeopleService, SettingsView>(p => p.UpdateSettingsAsync(leaver, new SettingsChange { Visibility = RosterVisibility.Organization }, Cancellation))));
        steps.Add(("a person moves to the other organization", () => world.DbAsync(db =>
            db.People.Where(p => p.Id == leaver.PersonId).ExecuteUpdateAsync(u => u.SetProperty(p => p.OrganizationId, countyReader.OrganizationId), Cancellation))));
        steps.Add(("an organization is renamed", () => world.DbAsync(async db =>
        {
            var organization = await db.Organizations.SingleAsync(o => o.Id == countyReader.OrganizationId, Cancellation);
            organization.Name = "Aardvark County";
            return await db.SaveChangesAsync(Cancellation);
        })));
        var forgotten = await ActorAsync(world, scene.Members.First(m => m.Active && m.Override is null && m.Setting == RosterVisibility.Members && m.PersonId != leaver.PersonId).PersonId);
        steps.Add(("a member asks to be forgotten", () => world.UseAsync<DataRightsService>(d => d.ForgetAsync(forgotten, Cancellation))));
        var other = await world.NetworkAsync(scene.Olga, "Data Club");
        steps.Add(("members join a second network", async () =>
        {
            await world.JoinAsync(scene.Rita, other.Handle);
            await world.JoinAsync(newcomer, other.Handle);
        }));
        steps.Add(("an organizer who is a member asks to be forgotten", async () =>
        {
            await world.JoinAsync(scene.Olga, scene.Network.Handle);
            await world.SessionAsync(scene.Olga, scene.Network.Handle, TimeSpan.FromDays(7));
            await world.UseAsync<DataRightsService>(d => d.ForgetAsync(scene.Olga, Cancellation));
        }));

        foreach (var (change, make) in steps)
        {
            await make();

            var (kept, recounted) = await world.DbAsync(CountsAndRecountAsync);
            Assert.True(recounted.SequenceEqual(kept), $"after \"{change}\": kept {string.Join(", ", kept)}; recounted {string.Join(", ", recounted)}");
            var now = await PlainSceneAsync(scene);
            foreach (var reader in new[] { scene.Rita, await ActorAsync(world, countyReader.PersonId) })
            {
                var roster = await world.UseAsync<RosterService, RosterView>(r => r.NetworkAsync(reader, scene.Network.Handle, Cancellation));
                AssertFollowsTheRules(now, reader, now.Members.Where(m => m.Active).ToList(), roster);
            }

            var counted = await world.UseAsync<RosterService, RosterView>(r => r.NetworkAsync(scene.Otto, scene.Network.Handle, Cancellation));
            Assert.Equal(now.Members.Count(m => m.Active), counted.Others);
        }
    }

    /// <summary>A database upgraded to the RosterCounts migration counts the members it already had, as a recount would.</summary>
    [Theory, StorageProviders]
    public async Task RosterCountsMigration_ExistingMemberships_AreCountedAsARecountWould(string provider)
    {
        await using var world = await CreateAsync(provider, new Dictionary<string, string?> { ["Storage:MigrateOnStartup"] = "false" });
        await world.InScopeAsync(async services =>
        {
            await services.GetRequiredService<CoPBotDbContext>().GetService<IMigrator>().MigrateAsync("Scale", cancellationToken: Cancellation);
            await services.GetRequiredService<PeopleService>().ApplyOrganizationConfigurationAsync(Cancellation);
        });
        var scene = await SceneAsync(world, cityMembers: 30, countyMembers: 14);

        await world.InScopeAsync(services => services.GetRequiredService<CoPBotDbContext>().Database.MigrateAsync(Cancellation));

        var (kept, recounted) = await world.DbAsync(CountsAndRecountAsync);
        Assert.Equal(recounted, kept);
        Assert.True(kept.Count >= 4, "the scene must have members under several keys");
        var roster = await world.UseAsync<RosterService, RosterView>(r => r.NetworkAsync(scene.Otto, scene.Network.Handle, Cancellation));
        Assert.Equal(scene.Members.Count(m => m.Active), roster.Others);
    }

    private static Task<Actor> ActorAsync(TestWorld world, Guid personId) =>
        world.UseAsync<PeopleService, Actor>(p => p.GetActorAsync(personId, Cancellation));

    /// <summary>The kept counts (RosterCounts, empty keys left out), and a plain recount of active memberships by the rules' key.</summary>
    private static async Task<(List<string> Kept, List<string> Recounted)> CountsAndRecountAsync(CoPBotDbContext db)
    {
        var kept = await db.RosterCounts.AsNoTracking().Where(c => c.Members != 0).ToListAsync(Cancellation);
        var active = await (
                from m in db.Memberships.AsNoTracking()
                where m.LeftAt == null
                join p in db.People.AsNoTracking() on m.PersonId equals p.Id
                select new { m.NetworkId, m.Visibility, Setting = p.Settings.Visibility, p.OrganizationId })
            .ToListAsync(Cancellation);
        var recounted = active.GroupBy(m => (m.NetworkId, ShownTo: m.Visibility ?? m.Setting, m.OrganizationId))
            .Select(g => $"{g.Key.NetworkId}/{g.Key.ShownTo}/{g.Key.OrganizationId}: {g.Count()}").Order(StringComparer.Ordinal).ToList();
        return (kept.Select(c => $"{c.NetworkId}/{c.ShownTo}/{c.OrganizationId}: {c.Members}").Order(StringComparer.Ordinal).ToList(), recounted);
    }

    /// <summary>The scene's network as its people and memberships are now, read plainly from the domain's own columns.</summary>
    private static async Task<Scene> PlainSceneAsync(Scene scene) => await scene.World.DbAsync(async db =>
    {
        var members = await (
                from m in db.Memberships.AsNoTracking()
                where m.NetworkId == scene.Network.Id
                join p in db.People.AsNoTracking() on m.PersonId equals p.Id
                select new Member(p.Id, p.DisplayName, p.Department, p.OrganizationId, p.Settings.Visibility, m.Visibility, m.LeftAt == null))
            .ToListAsync(Cancellation);
        var names = await db.Organizations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, Cancellation);
        return scene with { Members = members, OrganizationNames = names };
    });

    [Theory, StorageProviders]
    public async Task SessionAsync_LongListOfYesWithDeclinesAndSilence_CountsOnlyThoseWhoSaidYes(string provider)
    {
        await using var world = await CreateAsync(provider);
        var scene = await SceneAsync(world);
        var session = await world.SessionAsync(scene.Olga, scene.Network.Handle, TimeSpan.FromDays(7));
        await world.SendInvitationsAsync(scene.Olga, session);
        await world.RsvpAsync(scene.Rita, session, yes: true);
        var going = await world.DbAsync(async db =>
        {
            var loaded = await db.Sessions.SingleAsync(s => s.Id == session.Id, Cancellation);
            var invitations = await db.Invitations.Where(i => i.SessionId == session.Id && i.PersonId != scene.Rita.PersonId).ToListAsync(Cancellation);
            var yes = new HashSet<Guid> { scene.Rita.PersonId };
            foreach (var (invitation, n) in invitations.OrderBy(i => i.PersonId).Select((i, n) => (i, n)))
            {
                // One in eight says no, one in eight stays silent, the others say yes.
                if (n % 8 == 0)
                {
                    invitation.Decline(loaded, world.Now);
                }
                else if (n % 8 != 1)
                {
                    invitation.Accept(loaded, 0, world.Now);
                    yes.Add(invitation.PersonId);
                }
            }

            await db.SaveChangesAsync(Cancellation);
            return yes;
        });

        // A member who said yes and then left still goes; their membership's override still applies.
        var leaver = scene.Members.First(m => going.Contains(m.PersonId) && m.Override == RosterVisibility.Hidden);
        var leaverActor = await world.UseAsync<PeopleService, Actor>(p => p.GetActorAsync(leaver.PersonId, Cancellation));
        await world.UseAsync<NetworkService, NetworkSummary>(n => n.LeaveAsync(leaverActor, scene.Network.Handle, Cancellation));

        var roster = await world.UseAsync<RosterService, RosterView>(r => r.SessionAsync(scene.Rita, session.Reference, Cancellation));

        AssertFollowsTheRules(scene, scene.Rita, scene.Members.Where(m => going.Contains(m.PersonId)).ToList(), roster);
        Assert.Equal(going.Count, roster.Total);
        Assert.True(roster.MoreVisible > 0 && roster.Others > 0, "the scene must have more visible people than MaxNames and hide some");
    }

    private static bool Passes(Action assertion)
    {
        try
        {
            assertion();
            return true;
        }
        catch (Xunit.Sdk.XunitException)
        {
            return false;
        }
    }

    /// <summary>Runs <see cref="Then"/> each time a statement's rows have been read, outside any statement it runs itself.</summary>
    private sealed class AfterEachRead : DbCommandInterceptor
    {
        private readonly AsyncLocal<bool> running = new();

        public Func<Task>? Then { get; set; }

        public void AddTo(IServiceCollection services)
        {
            services.ConfigureDbContext<SqliteCoPBotDbContext>(o => o.AddInterceptors(this));
            services.ConfigureDbContext<PostgresCoPBotDbContext>(o => o.AddInterceptors(this));
        }

        public override async ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
        {
            if (Then is { } then && !running.Value)
            {
                running.Value = true;
                try
                {
                    await then();
                }
                finally
                {
                    running.Value = false;
                }
            }

            return result;
        }
    }

    /// <summary>
    /// The rules, read plainly: who among <paramref name="listed"/> this reader may see, sorted and cut as the answer
    /// promises, the visible ones not listed, and the others counted.
    /// </summary>
    private static void AssertFollowsTheRules(Scene scene, Actor reader, List<Member> listed, RosterView roster)
    {
        var visible = listed
            .Where(m => m.PersonId == reader.PersonId || (m.Override ?? m.Setting) switch
            {
                RosterVisibility.Members => true,
                RosterVisibility.Organization => m.OrganizationId == reader.OrganizationId,
                _ => false,
            })
            .Select(m => (Organization: scene.OrganizationNames[m.OrganizationId], Department: m.Department ?? "Other departments",
                Name: m.PersonId == reader.PersonId ? $"{m.Name} (you)" : m.Name))
            .OrderBy(m => m.Organization, StringComparer.Ordinal).ThenBy(m => m.Department, StringComparer.Ordinal).ThenBy(m => m.Name, StringComparer.Ordinal)
            .ToList();

        Assert.Equal(visible.Take(RosterService.MaxNames), roster.Groups.SelectMany(g => g.Names.Select(n => (g.Organization, g.Department, n))));
        Assert.Equal(Math.Max(0, visible.Count - RosterService.MaxNames), roster.MoreVisible);
        Assert.Equal(listed.Count - visible.Count, roster.Others);
    }
}
