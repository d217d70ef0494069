using CoPBot.Bot.Slack;
using CoPBot.Services.Addresses;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Storage;
using CoPBot.Services.Views;

namespace CoPBot.Benchmarks;

/// <summary>One member of the benchmark network and where they are reached.</summary>
internal sealed record BenchMember(Guid PersonId, string Channel, string TenantId, string UserId, string ConversationId);

/// <summary>
/// The benchmark's network: an organizer, a network, one upcoming session and N members who joined themselves.
/// Small worlds are built through the services, one member at a time as their own chat turns would; large ones
/// insert people, accounts and memberships in bulk (same entities, same rules: Membership.Start by the person).
/// Members keep no quiet hours (their own setting), so the run does not depend on the hour it starts at.
/// </summary>
internal sealed class BenchWorld
{
    public const string Handle = "bench-practice";
    private const int Departments = 24;

    private BenchWorld(Actor organizer, Guid sessionId, IReadOnlyList<BenchMember> members)
    {
        Organizer = organizer;
        SessionId = sessionId;
        Members = members;
    }

    public Actor Organizer { get; }

    public Guid SessionId { get; }

    public IReadOnlyList<BenchMember> Members { get; }

    /// <param name="platforms">"teams", "slack" or "both" (alternating).</param>
    /// <param name="bulk">Insert members directly with EF instead of through the services.</param>
    /// <param name="teamsServiceUrl">Where remembered Teams conversations live (the fake connector).</param>
    public static async Task<BenchWorld> CreateAsync(IServiceProvider services, int members, string platforms, bool bulk, Uri? teamsServiceUrl, bool rememberAddresses, CancellationToken cancellationToken)
    {
        Actor organizer;
        Guid sessionId;
        await using (var scope = services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            organizer = await sp.GetRequiredService<PeopleService>().ResolveAsync(
                new AccountKey(ChatChannelsOf("teams"), BenchTenants.TeamsTenant, "29:organizer"), "Olive Organizer", "UTC", cancellationToken);
            await sp.GetRequiredService<NetworkService>().CreateAsync(organizer,
                new NetworkDraft("Benchmark Practice", Handle, "People who practise load testing together.", "every other month"), cancellationToken);
            var startsAt = DateTime.SpecifyKind(DateTime.UtcNow.Date.AddDays(14).AddHours(15), DateTimeKind.Utc);
            var session = await sp.GetRequiredService<SessionService>().ScheduleAsync(organizer, Handle, new SessionDraft
            {
                Title = "Prototyping with paper",
                StartsAt = startsAt,
                Duration = TimeSpan.FromHours(2),
                TimeZoneId = "UTC",
                Room = "Room 4B",
                Address = "1 Civic Plaza",
                Agenda = "Sketch, test, repeat.",
            }, cancellationToken);
            sessionId = session.Id;
        }

        var list = Enumerable.Range(0, members).Select(i => MemberFor(i, platforms)).ToList();
        if (bulk)
        {
            await InsertInBulkAsync(services, organizer, list, cancellationToken);
        }
        else
        {
            for (var i = 0; i < list.Count; i++)
            {
                list[i] = await JoinAsync(services, list[i], i, cancellationToken);
            }
        }

        if (rememberAddresses)
        {
            foreach (var chunk in list.Chunk(500))
            {
                await using var scope = services.CreateAsyncScope();
                var book = scope.ServiceProvider.GetRequiredService<IChatAddressBook>();
                foreach (var member in chunk)
                {
                    await book.RememberAsync(AddressOf(member, teamsServiceUrl), cancellationToken);
                }
            }
        }

        return new BenchWorld(organizer, sessionId, list);
    }

    /// <summary>The organizer sends the invitations: invitation rows and outbox rows come from the service.</summary>
    public async Task<InvitationRun> SendInvitationsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SessionService>().SendInvitationsAsync(Organizer, SessionId.ToString(), cancellationToken);
    }

    private static BenchMember MemberFor(int i, string platforms)
    {
        var teams = platforms == "teams" || (platforms == "both" && i % 2 == 0);
        return teams
            ? new BenchMember(Guid.Empty, ChatChannelsOf("teams"), BenchTenants.TeamsTenant, $"29:member-{i}", $"a:member-{i}")
            : new BenchMember(Guid.Empty, ChatChannelsOf("slack"), BenchTenants.SlackTeam, $"UM{i:D7}", $"DUM{i:D7}");
    }

    private static string ChatChannelsOf(string platform) =>
        platform == "teams" ? Bot.Conversation.ChatChannels.Teams : Bot.Conversation.ChatChannels.Slack;

    private static async Task<BenchMember> JoinAsync(IServiceProvider services, BenchMember member, int i, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var people = sp.GetRequiredService<PeopleService>();
        var actor = await people.ResolveAsync(new AccountKey(member.Channel, member.TenantId, member.UserId), $"Member {i}", "UTC", cancellationToken);
        await people.UpdateSettingsAsync(actor, new SettingsChange
        {
            Department = $"Department {i % Departments}",
            QuietHoursStart = TimeOnly.MinValue,
            QuietHoursEnd = TimeOnly.MinValue,
        }, cancellationToken);
        await sp.GetRequiredService<NetworkService>().JoinAsync(actor, Handle, MembershipLevel.Invitations, cancellationToken);
        return member with { PersonId = actor.PersonId };
    }

    private static async Task InsertInBulkAsync(IServiceProvider services, Actor organizer, List<BenchMember> members, CancellationToken cancellationToken)
    {
        Guid networkId;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoPBotDbContext>();
            networkId = db.Networks.Single(n => n.Handle == Handle).Id;
        }

        var now = DateTime.UtcNow;
        for (var start = 0; start < members.Count; start += 2000)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CoPBotDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(members.Count, start + 2000); i++)
            {
                var member = members[i];
                var person = new Person
                {
                    DisplayName = $"Member {i}",
                    Department = $"Department {i % Departments}",
                    OrganizationId = organizer.OrganizationId,
                    CreatedAt = now,
                    ClientTimeZoneId = "UTC",
                    Settings = new PersonSettings
                    {
                        QuietHoursStart = TimeOnly.MinValue,
                        QuietHoursEnd = TimeOnly.MinValue,

                        // Most members keep the default; some show their name to their own organization only, some to nobody.
                        Visibility = (i % 10) switch { 8 => RosterVisibility.Organization, 9 => RosterVisibility.Hidden, _ => RosterVisibility.Members },
                    },
                };
                person.Accounts.Add(new PlatformAccount { PersonId = person.Id, Channel = member.Channel, TenantId = member.TenantId, UserId = member.UserId, LastSeenAt = now });
                db.People.Add(person);
                db.Memberships.Add(Membership.Start(person.Id, person.Id, networkId, MembershipLevel.Invitations, now));
                members[i] = member with { PersonId = person.Id };
            }

            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private static ChatAddress AddressOf(BenchMember member, Uri? teamsServiceUrl) =>
        member.Channel == Bot.Conversation.ChatChannels.Teams
            ? new ChatAddress(member.Channel, member.TenantId, member.ConversationId, ChatAddressKind.Personal, member.UserId, teamsServiceUrl?.ToString(), "Member")
            : new ChatAddress(member.Channel, member.TenantId, member.ConversationId, ChatAddressKind.Personal, member.UserId, null, "Member", SlackAddressData.Encode(BenchTenants.SlackAppId));
}
