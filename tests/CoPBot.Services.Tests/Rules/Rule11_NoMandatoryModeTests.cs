using System.Reflection;
using CoPBot.Cards;
using CoPBot.Cards.Views;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Services.Views;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Rules;

/// <summary>Rule 11: no invitation can be marked required; text that reads like a mandate is refused with a suggestion.</summary>
public class Rule11_NoMandatoryModeTests
{
    private static readonly string[] Mandates = ["This session is mandatory.", "All staff are required to attend", "Compulsory training", "Attendance is required"];

    [Theory, StorageProviders]
    public async Task ScheduleAsync_MandateWordingInAnyField_RefusedWithASuggestionAndNothingStored(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var edits = Mandates.SelectMany(text => new Func<SessionDraft, SessionDraft>[]
        {
            d => d with { Title = text },
            d => d with { Agenda = text },
            d => d with { Preparation = text },
        }).ToList();

        foreach (var edit in edits)
        {
            var ex = await Assert.ThrowsAsync<DomainException>(() => world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7), edit: edit));
            Assert.Contains("reword", ex.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("mandate", ex.Message, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(12, edits.Count);
        Assert.Equal(0, await world.DbAsync(db => db.Sessions.CountAsync(Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task ScheduleAsync_InvitingWording_Accepted(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");

        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7),
            edit: d => d with { Agenda = "We'd love to see you. We'll look at the requirements of the new permit form." });

        Assert.Equal(1, await world.DbAsync(db => db.Sessions.CountAsync(s => s.Id == session.Id, Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task CreateAsync_NetworkPurposeReadsLikeAMandate_Refused(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");

        await Assert.ThrowsAsync<DomainException>(() => world.UseAsync<NetworkService, NetworkSummary>(n =>
            n.CreateAsync(olga, new NetworkDraft("Safety Circle", Purpose: "Attendance is mandatory for all supervisors."), Cancellation)));

        Assert.Equal(0, await world.DbAsync(db => db.Networks.CountAsync(Cancellation)));
    }

    /// <summary>Every text an organizer writes into a session or network passes the same guard (MandateGuard).</summary>
    [Theory, StorageProviders]
    public async Task EveryOrganizerText_PhrasingsTheOldGuardMissed_Refused(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var edits = new Func<SessionDraft, SessionDraft>[]
        {
            d => d with { Title = "Safety briefing - required for all staff" },
            d => d with { Agenda = "Attendance will be taken" },
            d => d with { Preparation = "You must attend" },
            d => d with { SeriesPart = "Part 1 of 3, all employees are to attend" },
            d => d with { Room = "Room 4B (roll will be taken)" },
            d => d with { Address = "City Hall; sign-in sheet will be checked" },
        };

        foreach (var edit in edits)
        {
            var ex = await Assert.ThrowsAsync<DomainException>(() => world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7), edit: edit));
            Assert.Contains("reads like a mandate", ex.Message, StringComparison.Ordinal);
        }

        var drafts = new[]
        {
            new NetworkDraft("Safety Circle", Purpose: "Attendance is expected"),
            new NetworkDraft("Obligatory Safety Circle"),
            new NetworkDraft("Safety Circle", Cadence: "Monthly; no-shows will be reported"),
            new NetworkDraft("Safety Circle", Series: "Required training, part 1"),
        };
        foreach (var draft in drafts)
        {
            await Assert.ThrowsAsync<DomainException>(() => world.UseAsync<NetworkService, NetworkSummary>(n => n.CreateAsync(olga, draft, Cancellation)));
        }

        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7));
        await Assert.ThrowsAsync<DomainException>(() => world.UseAsync<SessionService, SessionSummary>(s =>
            s.RescheduleAsync(olga, session.Reference, session.StartsAt.AddDays(1), null, "Room 5 - failure to attend will be noted", null, Cancellation)));

        Assert.Equal(1, await world.DbAsync(db => db.Sessions.CountAsync(Cancellation)));
        Assert.Equal(1, await world.DbAsync(db => db.Networks.CountAsync(Cancellation)));
        Assert.Equal(0, await world.DbAsync(db => db.Sessions.CountAsync(s => s.Room != null && s.Room.Contains("failure"), Cancellation)));
    }

    [Fact]
    public void Model_HasNoRequiredFlagAnywhere()
    {
        var forbidden = new[] { "mandatory", "required", "compulsory", "obligatory", "mustattend" };
        var types = new[]
        {
            typeof(Session), typeof(Invitation), typeof(SessionDraft), typeof(SessionSummary), typeof(OutboxMessage), typeof(Membership),
            typeof(Network), typeof(NetworkDraft), typeof(CardView), typeof(CardAction),
        };
        var properties = types.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static))
            .Select(p => p.Name).ToList();
        var verbs = typeof(CardActions).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!).ToList();
        var answers = Enum.GetNames<Answer>().Concat(Enum.GetNames<InvitationSource>()).Concat(Enum.GetNames<MembershipLevel>());

        Assert.NotEmpty(verbs);
        Assert.DoesNotContain(properties.Concat(verbs).Concat(answers), n => forbidden.Any(f => n.Contains(f, StringComparison.OrdinalIgnoreCase)));
    }
}
