using CoPBot.Bot.Conversation;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Storage;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Bot.LocalChat;

/// <summary>
/// `--seed demo`: the article's examples to try locally. A City and a County co-host the bi-monthly IdeaLab, the
/// City runs a Facilitation Network (training, then boosters). Every membership is made through the same service
/// call a person's own "join" makes, as that person: even demo data enrolls nobody.
/// </summary>
internal static class DemoSeed
{
    public const string CityTenant = "local";
    public const string CountyTenant = "county";

    public static async Task EnsureAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CoPBotDbContext>();
        if (await db.Networks.AnyAsync(n => n.Handle == "idealab", cancellationToken))
        {
            return;
        }

        var people = services.GetRequiredService<PeopleService>();
        var networks = services.GetRequiredService<NetworkService>();
        var sessions = services.GetRequiredService<SessionService>();
        var clock = services.GetRequiredService<TimeProvider>();

        async Task<Actor> Person(string name, string department, string tenant)
        {
            var actor = await people.ResolveAsync(new AccountKey(ChatChannels.Console, tenant, ConsoleChat.ConsoleUserId(name)), name, TimeZones.Normalize(TimeZoneInfo.Local.Id), cancellationToken);
            await people.UpdateSettingsAsync(actor, new SettingsChange { Department = department }, cancellationToken);
            return actor;
        }

        var maria = await Person("Maria Lopez", "Innovation Office", CityTenant);
        var dev = await Person("Dev Patel", "Information Technology", CityTenant);
        var tom = await Person("Tom Becker", "Finance", CityTenant);
        var grace = await Person("Grace Kim", "Parks and Recreation", CountyTenant);
        var aisha = await Person("Aisha Rahman", "Human Resources", CountyTenant);

        var idealab = await networks.CreateAsync(maria, new NetworkDraft("IdeaLab", "idealab",
            "A bi-monthly skills session co-hosted by the City and the County: bring a real problem, leave with a new method.",
            "every other month"), cancellationToken);
        await networks.OpenToPartnerAsync(maria, idealab.Handle, (await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == grace.OrganizationId, cancellationToken)).Slug, cancellationToken);
        await networks.CreateAsync(maria, new NetworkDraft("Facilitation Network", "facilitation",
            "Practise facilitating meetings that matter: a training, then booster sessions to keep the skill alive.",
            "booster every quarter", "training, then booster sessions"), cancellationToken);

        // Each member joins by their own act.
        foreach (var member in new[] { dev, tom, grace, aisha })
        {
            await networks.JoinAsync(member, idealab.Handle, MembershipLevel.Invitations, cancellationToken);
        }

        await networks.JoinAsync(dev, "facilitation", MembershipLevel.AnnouncementsOnly, cancellationToken);

        var zone = maria.TimeZoneId;
        var local = TimeZones.ToLocal(clock.GetUtcNow().UtcDateTime, zone).Date.AddDays(10).AddHours(9).AddMinutes(30);
        var startsAt = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), TimeZones.Find(zone));
        var session = await sessions.ScheduleAsync(maria, idealab.Handle, new SessionDraft
        {
            Title = "Prototyping on paper",
            StartsAt = startsAt,
            Duration = TimeSpan.FromMinutes(90),
            TimeZoneId = zone,
            Room = "Room 4B",
            Address = "City Hall, 200 Main Street",
            Capacity = 12,
            Agenda = "Sketch a service on paper, test it with a colleague, and improve it in three rounds.",
            Preparation = "Bring one process from your own work that annoys you.",
        }, cancellationToken);
        await sessions.ScheduleAsync(maria, "facilitation", new SessionDraft
        {
            Title = "Booster: running a retrospective",
            StartsAt = startsAt.AddDays(21),
            Duration = TimeSpan.FromHours(2),
            TimeZoneId = zone,
            Room = "Training Room 2",
            Address = "County Administration Building",
            SeriesPart = "booster 1 of 3",
            Preparation = "None",
        }, cancellationToken);

        await sessions.SendInvitationsAsync(maria, session.Reference, cancellationToken);
        await sessions.RsvpAsync(grace, session.Reference, yes: true, cancellationToken);
        await sessions.RsvpAsync(dev, session.Reference, yes: true, cancellationToken);
        await sessions.RsvpAsync(tom, session.Reference, yes: false, cancellationToken);
    }
}
