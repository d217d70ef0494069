using System.Reflection;
using System.Text.Json;
using CoPBot.Cards.Views;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Views;
using CoPBot.Testing;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Rules;

/// <summary>Rule 8: a member may follow announcements only; no streaks, badges, leaderboards or attendance scores.</summary>
public class Rule08_LightParticipationIsLegitimateTests
{
    private static readonly string[] ScoreWords = ["streak", "badge", "leaderboard", "score", "rank", "attendancecount", "attended", "noshow", "karma", "points"];

    [Theory, StorageProviders]
    public async Task JoinAsync_AnnouncementsOnly_IsAFullMemberWithoutInvitations(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana", "Parks");

        var joined = await world.JoinAsync(ana, network.Handle, MembershipLevel.AnnouncementsOnly);

        Assert.True(joined.Network.IsMember);
        Assert.Equal(MembershipLevel.AnnouncementsOnly, joined.Network.Level);
        Assert.Equal(1, joined.Network.MemberCount);
        var roster = await world.UseAsync<RosterService, RosterView>(r => r.NetworkAsync(olga, network.Handle, Cancellation));
        Assert.Contains("Ana", roster.Groups.SelectMany(g => g.Names));
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7));
        Assert.Equal(0, (await world.SendInvitationsAsync(olga, session)).Invited);
        Assert.Empty(await world.OutboxAsync());
    }

    [Theory, StorageProviders]
    public async Task RsvpAsync_AnnouncementsOnlyMemberAnswersAnAnnouncement_Goes(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle, MembershipLevel.AnnouncementsOnly);
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7));

        var result = await world.RsvpAsync(ana, session, yes: true);

        Assert.Equal(Answer.Yes, result.Answer);
        Assert.Equal(MembershipLevel.AnnouncementsOnly, (await world.MembershipAsync(ana, network.Handle))!.Level);
        Assert.Equal(InvitationSource.Self, (await world.InvitationAsync(ana, session))!.Source);
    }

    [Theory, StorageProviders]
    public async Task ExportAsync_RegularAttendee_HasNoScoresOrAttendanceCounts(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);
        for (var i = 0; i < 3; i++)
        {
            var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7 + i));
            await world.RsvpAsync(ana, session, yes: true);
        }

        var json = await world.UseAsync<DataRightsService, string>(d => d.ExportAsync(ana, Cancellation));

        using var document = JsonDocument.Parse(json);
        var names = PropertyNames(document.RootElement).ToList();
        Assert.Equal(3, document.RootElement.GetProperty("invitations").GetArrayLength());
        Assert.DoesNotContain(names, n => n.Contains("count", StringComparison.OrdinalIgnoreCase) && !n.Contains("account", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(names, n => ScoreWords.Any(w => n.Contains(w, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Model_NoTypeOrPropertyKeepsScore()
    {
        var types = typeof(Membership).Assembly.GetTypes().Concat(typeof(CardView).Assembly.GetTypes())
            .Where(t => t.Namespace?.StartsWith("CoPBot", StringComparison.Ordinal) == true).ToList();
        var names = types.Select(t => t.Name)
            .Concat(types.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)).Select(p => p.Name))
            .ToList();

        Assert.NotEmpty(names);
        Assert.DoesNotContain(names, n => ScoreWords.Any(w => n.Contains(w, StringComparison.OrdinalIgnoreCase)));
    }

    private static IEnumerable<string> PropertyNames(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    yield return property.Name;
                    foreach (var inner in PropertyNames(property.Value))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var inner in PropertyNames(item))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }
}
