using CoPBot.Bot.Conversation;
using CoPBot.Cards;
using CoPBot.Cards.Builders;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CoPBot.Bot.Tests.Conversation.ConversationRouterTests;

namespace CoPBot.Bot.Tests.Conversation;

/// <summary>
/// Issue 12, part 2, through the real router, outbox and housekeeping: coffee introductions after a session are double
/// opt-in (rule 14). Only people who checked in can ask; only people who asked are introduced, each seeing what the
/// other chose to share; nobody learns who did not ask; "not this time" withdraws at no cost.
/// </summary>
public sealed class IntroductionTests
{
    private static readonly ChatUser Sam = ChatTester.User("Sam Rivera");
    private static readonly ChatUser Grace = ChatTester.User("Grace Kim");
    private static readonly ChatUser Tom = ChatTester.User("Tom Becker");

    /// <summary>idealab-1 meets 2027-03-10 9:30 to 11:00 Berlin time (08:30 to 10:00 UTC).</summary>
    private static readonly DateTime Starts = new(2027, 3, 10, 8, 30, 0, DateTimeKind.Utc);

    private static readonly DateTime Ends = Starts.AddMinutes(90);

    /// <summary>IdeaLab's first session under way, with Sam (Finance), Grace and Tom (both Parks) checked in at the room.</summary>
    private static async Task<ChatTester> InTheRoomAsync(string provider)
    {
        var chat = await ChatTester.CreateAsync(provider);
        await OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Sam, "settings department Finance");
        await chat.SayAsync(Grace, "settings department Parks");
        await chat.SayAsync(Tom, "settings department Parks");
        chat.World.AdvanceTo(Starts);
        foreach (var person in new[] { Sam, Grace, Tom })
        {
            await CheckInAsync(chat, person);
        }

        return chat;
    }

    /// <summary>The check-in the room's code records (CheckInService's own row), for the session under way.</summary>
    internal static Task CheckInAsync(ChatTester chat, ChatUser user) =>
        chat.World.DbAsync(async db =>
        {
            var personId = await db.Accounts.Where(a => a.Channel == user.Channel && a.TenantId == user.TenantId && a.UserId == user.UserId)
                .Select(a => a.PersonId).SingleAsync(TestWorld.Cancellation);
            var session = await db.Sessions.SingleAsync(TestWorld.Cancellation);
            db.CheckIns.Add(CheckIn.Record(session.Id, personId, saidYes: false, chat.World.Now));
            return await db.SaveChangesAsync(TestWorld.Cancellation);
        });

    private static async Task HousekeepingAsync(ChatTester chat) =>
        await chat.World.InScopeAsync(sp => sp.GetRequiredService<HousekeepingService>()
            .RunOnceAsync(new HousekeepingPolicy(TimeSpan.FromDays(1), TimeSpan.FromDays(30)), TestWorld.Cancellation));

    /// <summary>After the session: the message after it, then (a day later) the pairing, each delivered.</summary>
    private static async Task AfterTheSessionAsync(ChatTester chat, Func<Task>? inBetween = null)
    {
        chat.World.AdvanceTo(Ends.AddMinutes(5));
        await HousekeepingAsync(chat);
        await chat.DeliverAsync();
        if (inBetween is not null)
        {
            await inBetween();
        }

        chat.World.AdvanceTo(Ends + IntroductionRequest.PairingDelay + TimeSpan.FromMinutes(1));
        await HousekeepingAsync(chat);
        await chat.DeliverAsync();
    }

    /// <summary>Forgets what was delivered so far (the messages after the session), so what follows is what pairing sent.</summary>
    private static Task ClearDeliveredAsync(ChatTester chat)
    {
        chat.Delivered.GetStringBuilder().Clear();
        return Task.CompletedTask;
    }

    private static async Task<List<OutboxKind>> IntroductionKindsForAsync(ChatTester chat, ChatUser user) =>
        await chat.World.DbAsync(db => (
                from o in db.Outbox
                join a in db.Accounts on o.PersonId equals a.PersonId
                where a.UserId == user.UserId && a.TenantId == user.TenantId
                where o.Kind == OutboxKind.IntroductionOffer || o.Kind == OutboxKind.Introduction || o.Kind == OutboxKind.IntroductionNoMatch
                where o.Status == OutboxStatus.Sent
                select o.Kind)
            .ToListAsync(TestWorld.Cancellation));

    [Theory, StorageProviders]
    public async Task TwoFromDifferentDepartments_BothAsk_EachIsIntroducedToTheOther_TheOneWhoDidNotAskGetsNothing(string provider)
    {
        await using var chat = await InTheRoomAsync(provider);
        var asked = await chat.SayAsync(Sam, "introduce me to someone from another department: I'm working on open data");
        Assert.Contains("You're in for a coffee introduction after Prototyping on paper", asked.Said(), StringComparison.Ordinal);
        Assert.Contains("\"I'm working on open data\"", asked.Said(), StringComparison.Ordinal);

        chat.Delivered.GetStringBuilder().Clear();
        await AfterTheSessionAsync(chat, async () =>
        {
            // Grace and Tom (who checked in and had not asked) got the one message after the session; Grace says yes.
            Assert.Equal(2, chat.Delivered.ToString().Split("Thanks for coming to Prototyping on paper").Length - 1);
            var yes = await chat.PressAsync(Grace, IntroductionCards.IntroduceMe(await chat.World.DbAsync(db => db.Sessions.Select(s => s.Id).SingleAsync(TestWorld.Cancellation))));
            Assert.Contains("coffee introduction", yes.UpdatedCard?.Title ?? yes.Said(), StringComparison.Ordinal);
            chat.Delivered.GetStringBuilder().Clear();
        });

        var delivered = chat.Delivered.ToString();
        Assert.Contains("Coffee introduction: Grace Kim", delivered, StringComparison.Ordinal);
        Assert.Contains("Coffee introduction: Sam Rivera", delivered, StringComparison.Ordinal);
        Assert.Contains("I'm working on open data", delivered, StringComparison.Ordinal);
        Assert.Contains("Parks", delivered, StringComparison.Ordinal);
        Assert.Contains("Finance", delivered, StringComparison.Ordinal);
        Assert.DoesNotContain("Tom", delivered, StringComparison.Ordinal);
        Assert.DoesNotContain("No coffee match", delivered, StringComparison.Ordinal);
        Assert.Equal([OutboxKind.Introduction], await IntroductionKindsForAsync(chat, Sam));
        Assert.Equal([OutboxKind.IntroductionOffer, OutboxKind.Introduction], await IntroductionKindsForAsync(chat, Grace));
        Assert.Equal([OutboxKind.IntroductionOffer], await IntroductionKindsForAsync(chat, Tom));
    }

    [Theory, StorageProviders]
    public async Task SameDepartmentOnly_OrAlone_IsToldKindlyThatNoMatchWasFound(string provider)
    {
        await using var chat = await InTheRoomAsync(provider);
        await chat.SayAsync(Grace, "introduce me");
        await chat.SayAsync(Tom, "I'd like a coffee introduction");

        await AfterTheSessionAsync(chat, () => ClearDeliveredAsync(chat));

        // Grace and Tom both work in Parks: never introduced as strangers; each is told kindly, and nobody is named.
        var delivered = chat.Delivered.ToString();
        Assert.Equal(2, delivered.Split("No coffee match this time").Length - 1);
        Assert.Contains("Ask again after your next session", delivered, StringComparison.Ordinal);
        Assert.DoesNotContain("Coffee introduction:", delivered, StringComparison.Ordinal);
        Assert.DoesNotContain("Sam", delivered, StringComparison.Ordinal);
        Assert.Equal([OutboxKind.IntroductionNoMatch], await IntroductionKindsForAsync(chat, Grace));
        Assert.Equal([OutboxKind.IntroductionOffer], await IntroductionKindsForAsync(chat, Sam));
    }

    [Theory, StorageProviders]
    public async Task NotThisTime_BeforePairing_WithdrawsAtNoCost_AndTheOtherNeverLearnsIt(string provider)
    {
        await using var chat = await InTheRoomAsync(provider);
        await chat.SayAsync(Sam, "introduce me");
        await chat.SayAsync(Grace, "introduce me");

        var withdrawn = await chat.SayAsync(Sam, "not this time");

        Assert.Equal("No problem: no introduction this time.", withdrawn.Said());
        Assert.Equal(1, await chat.World.DbAsync(db => db.IntroductionRequests.CountAsync(r => r.Outcome == IntroductionOutcome.Waiting, TestWorld.Cancellation)));
        await AfterTheSessionAsync(chat, () => ClearDeliveredAsync(chat));

        var delivered = chat.Delivered.ToString();
        Assert.Contains("No coffee match this time", delivered, StringComparison.Ordinal);
        Assert.DoesNotContain("Sam", delivered, StringComparison.Ordinal);
        Assert.DoesNotContain("withdr", delivered, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([OutboxKind.IntroductionNoMatch], await IntroductionKindsForAsync(chat, Grace));
        Assert.Empty(await IntroductionKindsForAsync(chat, Sam));
    }

    [Theory, StorageProviders]
    public async Task NotThisTime_WithAnInvitationWaitingToo_IsAskedBackNeverGuessed(string provider)
    {
        await using var chat = await InTheRoomAsync(provider);
        await chat.SayAsync(Maria, "schedule idealab: Second round; when: 2027-03-20 9:30; for: 60 min; where: Room 4B");
        await chat.SayAsync(Sam, "join idealab");
        await chat.SayAsync(Maria, "invite idealab-2");
        await chat.SayAsync(Sam, "introduce me");

        var which = await chat.SayAsync(Sam, "not this time");

        Assert.Equal("Not this time for which one?", which.Text);
        var buttons = which.Cards.Single().Actions.Select(a => a.Verb).ToList();
        Assert.Equal([CardActions.RsvpNo, CardActions.NoIntroduction], buttons);
        Assert.Equal(1, await chat.World.DbAsync(db => db.IntroductionRequests.CountAsync(TestWorld.Cancellation)));
        Assert.DoesNotContain(await chat.World.DbAsync(db => db.Invitations.Select(i => i.Answer).ToListAsync(TestWorld.Cancellation)), a => a == Answer.No);
    }

    [Theory, StorageProviders]
    public async Task IntroduceMe_WithoutCheckingIn_IsRefusedKindly_AndNothingIsKept(string provider)
    {
        await using var chat = await InTheRoomAsync(provider);
        var outsider = ChatTester.User("Ola Berg");

        var refused = await chat.SayAsync(outsider, "introduce me to someone from another government");

        Assert.Contains("check in at a session first", refused.Said(), StringComparison.Ordinal);
        Assert.Equal(0, await chat.World.DbAsync(db => db.IntroductionRequests.CountAsync(TestWorld.Cancellation)));
        await AfterTheSessionAsync(chat);
        Assert.Empty(await IntroductionKindsForAsync(chat, outsider));
    }

    [Theory, StorageProviders]
    public async Task Introductions_AreInMyData_AndGoWithForgetMe(string provider)
    {
        await using var chat = await InTheRoomAsync(provider);
        await chat.SayAsync(Sam, "introduce me: I'm working on open data");
        await chat.SayAsync(Grace, "introduce me");
        await AfterTheSessionAsync(chat);

        Assert.Contains("working on open data", (await chat.SayAsync(Sam, "my data")).Said(), StringComparison.Ordinal);
        Assert.Contains("Sam Rivera", (await chat.SayAsync(Grace, "my data")).Said(), StringComparison.Ordinal);
        await chat.SayAsync(Sam, "forget me confirm");

        Assert.Equal(1, await chat.World.DbAsync(db => db.IntroductionRequests.CountAsync(TestWorld.Cancellation)));
        Assert.DoesNotContain("Sam Rivera", (await chat.SayAsync(Grace, "my data")).Said(), StringComparison.Ordinal);
    }
}
