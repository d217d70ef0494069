using System.Net;
using System.Text.Json.Nodes;
using CoPBot.Bot.Tests.Slack;
using CoPBot.Cards;
using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Bot.Tests.EndToEnd;

/// <summary>
/// Issue 4's "done when", as one conversation through the signed /slack endpoints with the real router, services
/// and database: /cop schedule and announce from a channel, a DM invitation after delivery, Accept by button,
/// "/cop rsvp no", and "/cop who" with privacy; redeliveries and double clicks change nothing twice.
/// </summary>
public sealed class SlackEndToEndTests
{
    private const string Channel = "C0LEARNING";

    private static readonly SlackPerson Sam = new("U0SAM", "Sam Organizer");
    private static readonly SlackPerson Lena = new("U0LENA", "Lena Member");
    private static readonly SlackPerson Omar = new("U0OMAR", "Omar Decliner");
    private static readonly SlackPerson Hana = new("U0HANA", "Hana Hidden");

    [Fact]
    public async Task Conversation_OrganizerAnnouncesInvitesAndMembersAnswer_StateAndMessagesFollow()
    {
        await using var host = await LiveBotHost.StartAsync();
        await ConversationAsync(host);
    }

    /// <summary>The whole conversation with its checks; also run with logging at Debug to look for secrets in the logs.</summary>
    internal static async Task ConversationAsync(LiveBotHost host)
    {
        host.SlackPeople[Lena.Id] = (Lena.Name, "Europe/Amsterdam");

        // The organizer creates a network, schedules and announces with /cop in a channel; answers are ephemeral.
        var created = await SlashAsync(host, Sam, Channel, "new network IdeaLab; handle: idealab");
        Assert.Contains("IdeaLab is ready", created, StringComparison.Ordinal);
        var scheduled = await SlashAsync(host, Sam, Channel, "schedule idealab: Prototyping on paper; when: 2027-03-11 09:30; for: 90 min; where: Room 4B, County Hall; capacity: 12");
        Assert.Contains("Scheduled Prototyping on paper as idealab-1", scheduled, StringComparison.Ordinal);
        Assert.Contains("Announcing Prototyping on paper here", await SlashAsync(host, Sam, Channel, "announce idealab-1"), StringComparison.Ordinal);
        var mark = host.Slack.Requests.Count;
        Assert.Equal(1, await host.DeliverAsync());
        var announcement = Assert.Single(host.SlackSince(mark));
        Assert.Equal("chat.postMessage", announcement.Target);
        Assert.Equal("Bearer xoxb-e2e", announcement.Authorization);
        var posted = JsonNode.Parse(announcement.Body)!;
        Assert.Equal(Channel, (string?)posted["channel"]);
        Assert.Contains("Prototyping on paper", EndToEndCards.AllText(posted["blocks"]), StringComparison.Ordinal);
        Assert.NotNull(EndToEndCards.Button(announcement, CardActions.JoinNetwork));

        // A member joins by DM (message.im). Slack redelivers the same event: nothing happens twice.
        mark = host.Slack.Requests.Count;
        Assert.Equal(HttpStatusCode.OK, await host.DirectMessageAsync(Lena, "join idealab", "Ev0JOIN1"));
        Assert.Equal(HttpStatusCode.OK, await host.DirectMessageAsync(Lena, "join idealab", "Ev0JOIN1", retry: 1));
        var welcome = Assert.Single(host.SlackSince(mark), r => r.Target == "chat.postMessage");
        Assert.Contains("in IdeaLab.", EndToEndCards.AllText([welcome]), StringComparison.Ordinal);
        Assert.Equal(Lena.DirectChannel, (string?)JsonNode.Parse(welcome.Body)!["channel"]);
        Assert.Equal(1, await host.QueryAsync(db => db.Memberships.CountAsync(TestContext.Current.CancellationToken)));

        // Two more members join with /cop in their DMs; one keeps her name off rosters.
        Assert.Contains("in IdeaLab.", await SlashAsync(host, Omar, Omar.DirectChannel, "join idealab"), StringComparison.Ordinal);
        Assert.Contains("in IdeaLab.", await SlashAsync(host, Hana, Hana.DirectChannel, "join idealab"), StringComparison.Ordinal);
        Assert.Contains("Nobody sees your name on rosters.", await SlashAsync(host, Hana, Hana.DirectChannel, "settings visibility hidden"), StringComparison.Ordinal);

        // Invitations: after delivery, each member has the card in their DM with the bot.
        mark = host.Slack.Requests.Count;
        var inviting = await SlashAsync(host, Sam, Channel, "invite idealab-1");
        Assert.Contains("Inviting 3 members", inviting, StringComparison.Ordinal);
        Assert.Contains("Progress: in our direct messages.", inviting, StringComparison.Ordinal);
        await host.SlackIdleAsync();
        var progressPost = Assert.Single(host.SlackSince(mark), r => r.Target == "chat.postMessage");
        Assert.Contains("Invitations", EndToEndCards.AllText([progressPost]), StringComparison.Ordinal);
        mark = host.Slack.Requests.Count;
        Assert.Equal(3, await host.DeliverAsync());
        var delivered = host.SlackSince(mark);

        // The organizer's progress card in the DM is updated in place when the run is done: counts, never names.
        var progress = EndToEndCards.AllText([Assert.Single(delivered, r => r.Target == "chat.update")]);
        Assert.Contains("Done.", progress, StringComparison.Ordinal);
        Assert.DoesNotContain("Lena", progress, StringComparison.Ordinal);
        // Each member wrote to the bot, so their DM is remembered: no conversations.open (tier 3) is needed.
        Assert.Equal(0, delivered.Count(r => r.Target == "conversations.open"));
        Assert.Equal(3, delivered.Count(r => r.Target == "chat.postMessage"));
        var lenaInvitation = Assert.Single(delivered, r => r.Target == "chat.postMessage" && (string?)JsonNode.Parse(r.Body)!["channel"] == Lena.DirectChannel);
        var invitationText = EndToEndCards.AllText([lenaInvitation]);
        Assert.Contains("Sam Organizer invites you", invitationText, StringComparison.Ordinal);
        Assert.Contains("Room 4B, County Hall", invitationText, StringComparison.Ordinal);

        // Accept with the button: the message is replaced in place through response_url, and the answer is stored.
        var accept = EndToEndCards.Button(lenaInvitation, CardActions.RsvpYes);
        mark = host.Slack.Requests.Count;
        Assert.Equal(HttpStatusCode.OK, await host.ClickInSlackAsync(Lena, Lena.DirectChannel, "1772359300.000001", accept, actionTs: "1772359400.000100"));
        var replaced = Assert.Single(host.SlackSince(mark));
        Assert.Equal("response_url", replaced.Target);
        var replacement = JsonNode.Parse(replaced.Body)!;
        Assert.True((bool?)replacement["replace_original"]);
        Assert.Contains("You're going", EndToEndCards.AllText(replacement), StringComparison.Ordinal);
        Assert.Equal(Answer.Yes, await AnswerOfAsync(host, Lena));

        // The same click delivered again, and a second click of the same button: one RSVP, one reminder, no new post.
        mark = host.Slack.Requests.Count;
        Assert.Equal(HttpStatusCode.OK, await host.ClickInSlackAsync(Lena, Lena.DirectChannel, "1772359300.000001", accept, actionTs: "1772359400.000100"));
        Assert.Empty(host.SlackSince(mark));
        Assert.Equal(HttpStatusCode.OK, await host.ClickInSlackAsync(Lena, Lena.DirectChannel, "1772359300.000001", accept, actionTs: "1772359400.000200"));
        Assert.DoesNotContain(host.SlackSince(mark), r => r.Target is "chat.postMessage" or "chat.postEphemeral");
        Assert.Equal(Answer.Yes, await AnswerOfAsync(host, Lena));
        Assert.Equal(1, await host.QueryAsync(db => db.Invitations.CountAsync(i => db.Accounts.Any(a => a.PersonId == i.PersonId && a.UserId == Lena.Id), TestContext.Current.CancellationToken)));
        Assert.Equal(1, await host.QueryAsync(db => db.Outbox.CountAsync(o => o.Kind == OutboxKind.Reminder, TestContext.Current.CancellationToken)));

        // "/cop rsvp no": the short thanks, and the answer stored.
        Assert.Contains("No problem, thanks for letting us know.", await SlashAsync(host, Omar, Omar.DirectChannel, "rsvp no idealab-1"), StringComparison.Ordinal);
        Assert.Equal(Answer.No, await AnswerOfAsync(host, Omar));

        // "/cop who idealab": members who chose to be listed, the others as a count; the roster opens as a modal.
        var members = await ModalAsync(host, Lena, Lena.DirectChannel, "who idealab");
        Assert.Contains("Lena Member (you)", members, StringComparison.Ordinal);
        Assert.Contains("Omar Decliner", members, StringComparison.Ordinal);
        Assert.DoesNotContain("Hana", members, StringComparison.Ordinal);
        Assert.Contains("1 other who prefers not to be listed", members, StringComparison.Ordinal);

        // Who is going: yes only, never the decliner; the organizer's figures are counts.
        var going = await ModalAsync(host, Lena, Lena.DirectChannel, "who is going to idealab");
        Assert.Contains("Lena Member (you)", going, StringComparison.Ordinal);
        Assert.DoesNotContain("Omar", going, StringComparison.Ordinal);
        var stats = await SlashAsync(host, Sam, Channel, "stats idealab-1");
        Assert.Contains("1 of 12", stats, StringComparison.Ordinal);
        Assert.DoesNotContain("Omar", stats, StringComparison.Ordinal);
        Assert.DoesNotContain("Hana", stats, StringComparison.Ordinal);
    }

    /// <summary>/cop, answered in the HTTP response (ephemeral); returns its text and blocks.</summary>
    internal static async Task<string> SlashAsync(LiveBotHost host, SlackPerson person, string channel, string text)
    {
        var (status, body) = await host.SlashAsync(person, channel, text);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(body);
        Assert.Equal("ephemeral", (string?)body["response_type"]);
        return EndToEndCards.AllText(body);
    }

    /// <summary>/cop whose answer opens as a modal (views.open with the trigger); returns the modal's text.</summary>
    internal static async Task<string> ModalAsync(LiveBotHost host, SlackPerson person, string channel, string text)
    {
        var mark = host.Slack.Requests.Count;
        var (status, _) = await host.SlashAsync(person, channel, text);
        Assert.Equal(HttpStatusCode.OK, status);
        var opened = Assert.Single(host.SlackSince(mark), r => r.Target == "views.open");
        return EndToEndCards.AllText([opened]);
    }

    internal static Task<Answer> AnswerOfAsync(LiveBotHost host, SlackPerson person, int session = 1) =>
        host.QueryAsync(db => db.Invitations
            .Where(i => i.Session!.Number == session && db.Accounts.Any(a => a.PersonId == i.PersonId && a.UserId == person.Id))
            .Select(i => i.Answer).SingleAsync(TestContext.Current.CancellationToken));
}
