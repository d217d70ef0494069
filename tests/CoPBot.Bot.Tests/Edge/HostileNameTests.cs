using System.Net;
using CoPBot.Bot.Tests.EndToEnd;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Bot.Tests.Edge;

/// <summary>
/// Names that arrive from the platform or are typed by organizers, carrying characters that change how the text
/// around them reads: bidirectional overrides and isolates (which reverse everything after them on a roster line),
/// invisible characters (a name nobody can see), line breaks and control characters (a forged second line). Through
/// the real host, they are stored without those characters; the characters that scripts and emoji need stay.
/// </summary>
public sealed class HostileNameTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>On both providers: PostgreSQL refuses a NUL in text outright, which made such a person unable to use CoPBot.</summary>
    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task TeamsDisplayName_WithDirectionOrInvisibleOrControlCharacters_IsStoredWithoutThem(string provider, string name, string stored)
    {
        await using var host = await LiveBotHost.StartAsync(provider);
        var person = new TeamsPerson("29:hostile-name", name, Guid.NewGuid().ToString());

        using var response = await host.SayPersonallyAsync(person, "help");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(stored, await host.QueryAsync(db => db.People.Select(p => p.DisplayName).SingleAsync(Cancellation)));
    }

    public static TheoryData<string, string, string> HostileNames()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var provider in new[] { StorageProvider.SqliteName, StorageProvider.PostgresName })
        {
            data.Add(provider, "Maria\u202E Lopez", "Maria Lopez");
            data.Add(provider, "\u2067Sam Rivera\u2069", "Sam Rivera");
            data.Add(provider, "Lena\u202Dgro.live\u202C", "Lenagro.live");
            data.Add(provider, "\u200B\u2060\uFEFF", "Someone");
            data.Add(provider, "Ana\nOrganizer: approved", "Ana Organizer: approved");
            data.Add(provider, "Bo\u0000b\u001b[31m", "Bo b [31m");
            data.Add(provider, "\u0645\u062D\u0645\u062F \u200C\u0639\u0644\u06CC \u200F", "\u0645\u062D\u0645\u062F \u200C\u0639\u0644\u06CC \u200F");
            data.Add(provider, "\U0001F469\u200D\U0001F4BB Dev", "\U0001F469\u200D\U0001F4BB Dev");
        }

        return data;
    }

    [Theory, StorageProviders]
    public async Task NetworkNameAndSessionTitle_WithDirectionOrInvisibleCharacters_AreStoredWithoutThem(string provider)
    {
        await using var host = await LiveBotHost.StartAsync(provider);
        var olivia = TeamsPerson.Named("Olivia Organizer");

        Assert.Contains("is ready", await TeamsEndToEndTests.SayAsync(host, olivia, "new network Idea\u202ELab\u200B; handle: idealab"), StringComparison.Ordinal);
        Assert.Contains("Scheduled", await TeamsEndToEndTests.SayAsync(host, olivia, "schedule idealab: Proto\u2066typing\u0007; when: 2027-03-11 09:30; where: Room\u202E 4B"), StringComparison.Ordinal);

        Assert.Equal("IdeaLab", await host.QueryAsync(db => db.Networks.Select(n => n.Name).SingleAsync(Cancellation)));
        var session = await host.QueryAsync(db => db.Sessions.Select(s => new { s.Title, s.Room }).SingleAsync(Cancellation));
        Assert.Equal("Prototyping", session.Title);
        Assert.Equal("Room 4B", session.Room);
    }
}
