using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Services.Views;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Rules;

/// <summary>
/// Rule 5: one invitation per person per session; no reminder, nudge or re-invitation to people who declined or did
/// not answer; reminders only to people who said yes, and they can turn them off.
/// </summary>
public class Rule05_SilenceMeansNotThisTimeTests
{
    [Theory, StorageProviders]
    public async Task SendInvitationsAsync_Twice_InvitesNobodyTwice(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        var ben = await world.PersonAsync("Ben");
        await world.JoinAsync(ana, network.Handle);
        await world.JoinAsync(ben, network.Handle);
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7));
        var first = await world.SendInvitationsAsync(olga, session);
        await world.RsvpAsync(ben, session, yes: false);
        world.Advance(TimeSpan.FromDays(2));

        var second = await world.SendInvitationsAsync(olga, session);

        Assert.Equal(2, first.Invited);
        Assert.Equal(0, second.Invited);
        Assert.Equal(2, second.AlreadyInvited);
        Assert.Equal(2, await world.DbAsync(db => db.Invitations.CountAsync(Cancellation)));
        Assert.Equal(2, (await world.OutboxAsync()).Count(o => o.Kind == OutboxKind.Invitation));
    }

    [Theory, StorageProviders]
    public async Task InvitationTable_SecondInvitationForSamePersonAndSession_RejectedByUniqueIndex(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7));
        await world.SendInvitationsAsync(olga, session);

        await Assert.ThrowsAsync<DbUpdateException>(() => world.DbAsync(db =>
        {
            db.Invitations.Add(new Invitation { SessionId = session.Id, PersonId = ana.PersonId, InvitedById = olga.PersonId, CreatedAt = world.Now });
            return db.SaveChangesAsync(Cancellation);
        }));
        Assert.Equal(1, await world.DbAsync(db => db.Invitations.CountAsync(Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task RsvpAsync_Answers_RemindOnlyThoseWhoSaidYesWithRemindersOn(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var yes = await world.PersonAsync("Yara");
        var yesQuiet = await world.PersonAsync("Quinn");
        var no = await world.PersonAsync("Nils");
        var silent = await world.PersonAsync("Sam");
        foreach (var person in new[] { yes, yesQuiet, no, silent })
        {
            await world.JoinAsync(person, network.Handle);
        }

        await world.UseAsync<PeopleService, SettingsView>(p => p.UpdateSettingsAsync(yesQuiet, new SettingsChange { Reminders = false }, Cancellation));
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7));
        await world.SendInvitationsAsync(olga, session);

        await world.RsvpAsync(yes, session, yes: true);
        await world.RsvpAsync(yesQuiet, session, yes: true);
        await world.RsvpAsync(no, session, yes: false);
        world.Advance(TimeSpan.FromDays(6.5));

        var outbox = await world.OutboxAsync();
        var reminder = Assert.Single(outbox, o => o.Kind == OutboxKind.Reminder);
        Assert.Equal(yes.PersonId, reminder.PersonId);
        Assert.Equal(session.StartsAt - TimeSpan.FromDays(1), reminder.NotBefore);
        Assert.Equal(OutboxStatus.Pending, reminder.Status);
        Assert.Equal(1, outbox.Count(o => o.PersonId == no.PersonId));
        Assert.Equal(1, outbox.Count(o => o.PersonId == silent.PersonId));
        Assert.All(outbox.Where(o => o.PersonId == no.PersonId || o.PersonId == silent.PersonId), o => Assert.Equal(OutboxKind.Invitation, o.Kind));
    }

    [Theory, StorageProviders]
    public async Task RsvpAsync_DeclineAfterYes_WithdrawsThePendingReminder(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7));
        await world.RsvpAsync(ana, session, yes: true);
        Assert.Equal(OutboxStatus.Pending, (await world.OutboxAsync()).Single(o => o.Kind == OutboxKind.Reminder).Status);

        await world.RsvpAsync(ana, session, yes: false);

        var reminder = (await world.OutboxAsync()).Single(o => o.Kind == OutboxKind.Reminder);
        Assert.Equal(OutboxStatus.Withdrawn, reminder.Status);
        Assert.Equal(Answer.No, (await world.InvitationAsync(ana, session))!.Answer);
    }

    [Theory, StorageProviders]
    public async Task RsvpAsync_YesNoYes_ReminderIsDueAgain(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7));

        await world.RsvpAsync(ana, session, yes: true);
        await world.RsvpAsync(ana, session, yes: false);
        await world.RsvpAsync(ana, session, yes: true);

        var pending = (await world.OutboxAsync()).Where(o => o.Kind == OutboxKind.Reminder && o.Status == OutboxStatus.Pending).ToList();
        var reminder = Assert.Single(pending);
        Assert.Equal(ana.PersonId, reminder.PersonId);
    }

    [Theory, StorageProviders]
    public async Task UpdateSettingsAsync_RemindersOff_WithdrawsPendingReminders(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7));
        await world.RsvpAsync(ana, session, yes: true);

        await world.UseAsync<PeopleService, SettingsView>(p => p.UpdateSettingsAsync(ana, new SettingsChange { Reminders = false }, Cancellation));

        Assert.All((await world.OutboxAsync()).Where(o => o.Kind == OutboxKind.Reminder), o => Assert.Equal(OutboxStatus.Withdrawn, o.Status));
    }

    [Theory, StorageProviders]
    public async Task JoinAsync_AfterDecliningAnInvitedSession_IsNotInvitedAgain(string provider)
    {
        await using var world = await CreateAsync(provider);
        var olga = await world.PersonAsync("Olga");
        var network = await world.NetworkAsync(olga, "IdeaLab");
        var ana = await world.PersonAsync("Ana");
        await world.JoinAsync(ana, network.Handle);
        var session = await world.SessionAsync(olga, network.Handle, TimeSpan.FromDays(7));
        await world.SendInvitationsAsync(olga, session);
        await world.RsvpAsync(ana, session, yes: false);
        await world.UseAsync<NetworkService, NetworkSummary>(n => n.LeaveAsync(ana, network.Handle, Cancellation));

        var rejoined = await world.JoinAsync(ana, network.Handle);

        Assert.Equal(0, rejoined.Invited);
        Assert.Single(await world.OutboxAsync());
        Assert.Equal(Answer.No, (await world.InvitationAsync(ana, session))!.Answer);
    }
}
