using CoPBot.Bot.Conversation;
using CoPBot.Bot.LocalChat;
using CoPBot.Cards;
using CoPBot.Services.App;
using CoPBot.Services.Outbox;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Bot.Tests.Conversation;

/// <summary>
/// Issue 9, part 5: quiet hours in the person's own zone, a held invitation that says when it comes and can be
/// shown now, and one that is answered first never sent afterwards.
/// </summary>
public sealed class TimeZoneTests
{
    private static readonly ChatUser Maria = ChatTester.User("Maria Lopez");
    private static readonly ChatUser Tom = ChatTester.User("Tom Becker");
    private static readonly ChatUser Sam = new(ChatChannels.Console, TestWorld.City, "sam", "Sam Rivera", "America/Chicago");

    /// <summary>Mon 1 Mar 2027, 21:00 in Chicago (CST, UTC-6): in the default quiet hours (20:00–08:00).</summary>
    private static readonly DateTime NinePmChicago = new(2027, 3, 2, 3, 0, 0, DateTimeKind.Utc);

    /// <summary>Tue 2 Mar 2027, 08:00 in Chicago: the end of those quiet hours.</summary>
    private static readonly DateTime EightAmChicago = new(2027, 3, 2, 14, 0, 0, DateTimeKind.Utc);

    [Theory, StorageProviders]
    public async Task JoinAtNinePmChicago_ReplySaysEightTomorrow_AndNothingIsSentBeforeEight(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await InvitationsOpenAsync(chat);
        chat.World.AdvanceTo(NinePmChicago);

        var joined = await chat.SayAsync(Sam, "join idealab");

        Assert.Contains("Your invitation to its next session will arrive at 8:00 tomorrow, after your quiet hours.", joined.Said(), StringComparison.Ordinal);
        Assert.Contains("show it now", joined.Said(), StringComparison.Ordinal);
        Assert.DoesNotContain("on its way", joined.Said(), StringComparison.Ordinal);
        await chat.DeliverAsync();
        chat.World.AdvanceTo(EightAmChicago.AddMinutes(-1));
        await chat.DeliverAsync();
        Assert.Equal(OutboxStatus.Pending, (await SamsInvitationAsync(chat)).Status);

        chat.World.AdvanceTo(EightAmChicago);
        await chat.DeliverAsync();
        var sent = await SamsInvitationAsync(chat);
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.Equal(EightAmChicago, sent.SentAt);
    }

    [Theory, StorageProviders]
    public async Task ShowItNowButton_ShowsTheHeldInvitationHere_AndItIsNotSentLater(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await InvitationsOpenAsync(chat);
        chat.World.AdvanceTo(NinePmChicago);
        var joined = await chat.SayAsync(Sam, "join idealab");
        var button = Assert.Single(Assert.Single(joined.Cards).Actions, a => a.Verb == CardActions.ShowHeld);

        var shown = await chat.PressAsync(Sam, button);

        var card = Assert.Single(shown.Cards);
        Assert.Equal("Prototyping on paper", card.Title);
        Assert.Contains(card.Actions, a => a.Verb == CardActions.RsvpYes);
        chat.World.AdvanceTo(EightAmChicago.AddHours(1));
        chat.Delivered.GetStringBuilder().Clear();
        await chat.DeliverAsync();
        Assert.Equal(OutboxStatus.Withdrawn, (await SamsInvitationAsync(chat)).Status);
        Assert.DoesNotContain("Prototyping on paper", chat.Delivered.ToString(), StringComparison.Ordinal);

        var again = await chat.SayAsync(Sam, "show it now");
        Assert.Empty(again.Cards);
    }

    [Theory, StorageProviders]
    public async Task AnsweredBeforeTheHeldCardGoesOut_TheCardIsNeverSent(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await InvitationsOpenAsync(chat);
        chat.World.AdvanceTo(NinePmChicago);
        await chat.SayAsync(Sam, "join idealab");

        var yes = await chat.SayAsync(Sam, "rsvp yes idealab-1");
        Assert.StartsWith("You're going to Prototyping on paper", yes.Said(), StringComparison.Ordinal);

        Assert.Equal(OutboxStatus.Withdrawn, (await SamsInvitationAsync(chat)).Status);
        chat.World.AdvanceTo(EightAmChicago.AddHours(1));
        await chat.DeliverAsync();
        Assert.Equal(OutboxStatus.Withdrawn, (await SamsInvitationAsync(chat)).Status);
    }

    /// <summary>Nothing from the person or their client: the organization's configured zone, not UTC.</summary>
    [Theory, StorageProviders]
    public async Task NoZoneFromPersonOrClient_TheOrganizationsZoneApplies(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider, new Dictionary<string, string?> { ["Organizations:Entries:0:TimeZone"] = "Central" });
        await InvitationsOpenAsync(chat);
        chat.World.AdvanceTo(NinePmChicago);
        var unknown = Sam with { TimeZone = null };

        var joined = await chat.SayAsync(unknown, "join idealab");

        Assert.Contains("will arrive at 8:00 tomorrow, after your quiet hours.", joined.Said(), StringComparison.Ordinal);
        Assert.Equal(EightAmChicago, (await SamsInvitationAsync(chat)).NotBefore);
    }

    /// <summary>Nothing known and nothing configured: the reply names UTC and says how to set one's zone.</summary>
    [Theory, StorageProviders]
    public async Task NoZoneAnywhere_TheReplyNamesUtcAndHowToSetIt(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await InvitationsOpenAsync(chat);
        chat.World.AdvanceTo(new DateTime(2027, 3, 2, 21, 0, 0, DateTimeKind.Utc));

        var joined = await chat.SayAsync(Sam with { TimeZone = null }, "join idealab");

        Assert.Contains("will arrive at 8:00 tomorrow (UTC: tell me yours with \"settings timezone Chicago\")", joined.Said(), StringComparison.Ordinal);
    }

    [Theory, StorageProviders]
    public async Task SettingsTimezoneCentral_StoresAmericaChicago(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);

        await chat.SayAsync(Sam with { TimeZone = null }, "settings timezone Central");

        Assert.Equal("America/Chicago", await chat.World.DbAsync(db => db.People.Where(p => p.DisplayName == "Sam Rivera").Select(p => p.TimeZoneId).SingleAsync(TestWorld.Cancellation)));
        var unknown = await chat.SayAsync(Sam, "settings timezone Atlantis");
        Assert.Contains("I don't know the time zone \"Atlantis\". Try a city or a common name: Chicago, Central", unknown.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Console_ThePersonsZoneIsTheMachinesOwn()
    {
        var user = ConsoleChat.LocalUser("Sam Rivera", "local");

        Assert.NotNull(user.TimeZone);
        Assert.Equal(TimeZoneInfo.FindSystemTimeZoneById(user.TimeZone).BaseUtcOffset, TimeZoneInfo.Local.BaseUtcOffset);
    }

    private static async Task InvitationsOpenAsync(ChatTester chat)
    {
        await chat.SayAsync(Maria, "new network IdeaLab; handle: idealab; purpose: A bi-monthly skills session; cadence: every other month");
        await chat.SayAsync(Maria, "schedule idealab: Prototyping on paper; when: 2027-03-10 9:30; for: 90 min; where: Room 4B; capacity: 12");
        await chat.SayAsync(Tom, "join idealab");
        var invite = await chat.SayAsync(Maria, "invite idealab-1");
        Assert.Contains("Inviting 1 member", invite.Text, StringComparison.Ordinal);
        await chat.DeliverAsync();
    }

    private static Task<OutboxMessage> SamsInvitationAsync(ChatTester chat) =>
        chat.World.DbAsync(db => db.Outbox.AsNoTracking()
            .SingleAsync(o => o.Kind == OutboxKind.Invitation && db.Accounts.Any(a => a.PersonId == o.PersonId && a.UserId == "sam"), TestWorld.Cancellation));
}
