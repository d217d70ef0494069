using System.Net;
using System.Text.Json.Nodes;
using CoPBot.Bot.Tests.Teams;
using CoPBot.Cards;
using CoPBot.Services.Domain;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Bot.Tests.EndToEnd;

/// <summary>
/// Issue 3's "done when", as one conversation through POST /api/messages with the real router, services and
/// database: an organizer schedules and announces, members get personal invitations proactively and answer them on
/// the card, and "who is going" answers with privacy.
/// </summary>
public sealed class TeamsEndToEndTests
{
    private static readonly TeamsPerson Olivia = TeamsPerson.Named("Olivia Organizer");
    private static readonly TeamsPerson Maya = TeamsPerson.Named("Maya Member");
    private static readonly TeamsPerson Noah = TeamsPerson.Named("Noah Decliner");
    private static readonly TeamsPerson Carol = TeamsPerson.Named("Carol Curious");
    private static readonly TeamsPerson Priya = TeamsPerson.Named("Priya Present");

    [Fact]
    public async Task Conversation_OrganizerAnnouncesInvitesAndMembersAnswerOnTheCard_StateAndCardsFollow()
    {
        await using var host = await LiveBotHost.StartAsync();
        await ConversationAsync(host);
    }

    /// <summary>The whole conversation with its checks; also run with logging at Debug to look for secrets in the logs.</summary>
    internal static async Task ConversationAsync(LiveBotHost host)
    {
        // The organizer installs the app (personal and in the team), creates a network and schedules a session.
        Assert.Equal(HttpStatusCode.OK, (await host.InstallForAsync(Olivia)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.InstallInTeamAsync(Olivia)).StatusCode);
        Assert.Contains("IdeaLab is ready", await SayAsync(host, Olivia, "new network IdeaLab; handle: idealab"), StringComparison.Ordinal);
        var scheduled = await SayAsync(host, Olivia, "schedule idealab: Prototyping on paper; when: 2027-03-11 09:30; for: 90 min; where: Room 4B, City Hall; capacity: 12");
        Assert.Contains("Scheduled Prototyping on paper as idealab-1", scheduled, StringComparison.Ordinal);

        // In the team channel she @mentions the bot; the dispatcher posts the announcement card as a new channel post.
        var mark = host.Teams.Connector.Requests.Count;
        Assert.Equal(HttpStatusCode.OK, (await host.SayInChannelAsync(Olivia, "announce idealab-1")).StatusCode);
        var acknowledged = host.ConnectorSince(mark);
        Assert.Contains("Announcing Prototyping on paper here", EndToEndCards.AllText(acknowledged), StringComparison.Ordinal);
        Assert.All(acknowledged, r => Assert.DoesNotContain(Uri.EscapeDataString(LiveBotHost.TeamsChannel), r.Path, StringComparison.Ordinal));
        mark = host.Teams.Connector.Requests.Count;
        Assert.Equal(1, await host.DeliverAsync());
        var announcement = Assert.Single(host.ConnectorSince(mark));
        Assert.Equal(HttpMethod.Post, announcement.Method);
        Assert.Equal($"/amer/v3/conversations/{Uri.EscapeDataString(LiveBotHost.TeamsChannel)}/activities", announcement.Path);
        var announcementCard = Assert.Single(EndToEndCards.AdaptiveCards(announcement));
        Assert.Equal("AdaptiveCard", (string?)announcementCard["type"]);
        Assert.Contains("Prototyping on paper", EndToEndCards.AllText(announcementCard), StringComparison.Ordinal);
        Assert.True(EndToEndCards.HasExecute(announcementCard, CardActions.JoinNetwork));
        Assert.Equal(1, await host.QueryAsync(db => db.AnnouncementChannels.CountAsync(TestContext.Current.CancellationToken)));

        // A colleague joins from the channel; she has never opened a 1:1 chat with the bot.
        Assert.Equal(HttpStatusCode.OK, (await host.SayInChannelAsync(Maya, "join idealab")).StatusCode);
        Assert.Contains("in IdeaLab.", EndToEndCards.AllText(host.ConnectorSince(mark)), StringComparison.Ordinal);

        // The organizer sends invitations; the dispatcher starts the 1:1 chat and posts the invitation card there.
        Assert.Contains("Inviting 1 member", await SayAsync(host, Olivia, "invite idealab-1"), StringComparison.Ordinal);
        mark = host.Teams.Connector.Requests.Count;
        Assert.Equal(1, await host.DeliverAsync());
        var sent = host.ConnectorSince(mark);
        Assert.Equal(3, sent.Count);
        // No 1:1 chat with her is known yet, so the chat is created through the configured global connector URL.
        Assert.Equal("/teams/v3/conversations", sent[0].Path);
        Assert.Equal(Maya.Id, (string?)sent[0].Body!["members"]![0]!["id"]);
        Assert.Equal(LiveBotHost.TeamsTenant, (string?)sent[0].Body!["tenantId"]);
        var mayaChat = "a:1on1-" + Maya.Id;
        Assert.Equal($"/teams/v3/conversations/{Uri.EscapeDataString(mayaChat)}/activities", sent[1].Path);
        var invitation = Assert.Single(EndToEndCards.AdaptiveCards(sent[1]));
        var invitationText = EndToEndCards.AllText(invitation);
        Assert.Contains("Olivia Organizer invites you", invitationText, StringComparison.Ordinal);
        Assert.Contains("Room 4B, City Hall", invitationText, StringComparison.Ordinal);

        // The organizer's progress card changes in place once the run is done: counts only, never names.
        Assert.Equal(HttpMethod.Put, sent[2].Method);
        Assert.Contains(Uri.EscapeDataString(Olivia.PersonalConversationId), sent[2].Path, StringComparison.Ordinal);
        var progress = EndToEndCards.AllText(Assert.Single(EndToEndCards.AdaptiveCards(sent[2])));
        Assert.Contains("Done.", progress, StringComparison.Ordinal);
        Assert.DoesNotContain("Maya", progress, StringComparison.Ordinal);

        // Accept: HTTP 200 with the card as it now reads, and the answer stored.
        var (status, body) = await host.ClickInTeamsAsync(Maya, mayaChat, CardActions.RsvpYes, EndToEndCards.ExecuteData(invitation, CardActions.RsvpYes));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(200, (int)body!["statusCode"]!);
        Assert.Equal(EndToEndCards.AdaptiveCardType, (string?)body["type"]);
        var going = body["value"]!;
        Assert.Contains("You're going", EndToEndCards.AllText(going), StringComparison.Ordinal);
        Assert.Equal(Answer.Yes, await AnswerOfAsync(host, Maya));

        // No thanks, from the updated card: the short thank-you, nothing more asked.
        (status, body) = await host.ClickInTeamsAsync(Maya, mayaChat, CardActions.RsvpNo, EndToEndCards.ExecuteData(going, CardActions.RsvpNo));
        Assert.Equal(HttpStatusCode.OK, status);
        var declined = body!["value"]!;
        Assert.Contains("No problem, thanks for letting us know.", EndToEndCards.AllText(declined), StringComparison.Ordinal);
        Assert.Equal(Answer.No, await AnswerOfAsync(host, Maya));

        // Stop inviting me: announcements only, and the card says so.
        (status, body) = await host.ClickInTeamsAsync(Maya, mayaChat, CardActions.StopInviting, EndToEndCards.ExecuteData(declined, CardActions.StopInviting));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("No more personal invitations from IdeaLab.", EndToEndCards.AllText(body!["value"]), StringComparison.Ordinal);
        Assert.Equal(MembershipLevel.AnnouncementsOnly, await LevelOfAsync(host, Maya.Id));

        // Three more members join in their personal chats; invitations to the open session go out as they join.
        foreach (var member in new[] { Noah, Carol, Priya })
        {
            await host.InstallForAsync(member);
            Assert.Contains("An invitation to its next session is on its way", await SayAsync(host, member, "join idealab"), StringComparison.Ordinal);
        }

        mark = host.Teams.Connector.Requests.Count;
        Assert.Equal(3, await host.DeliverAsync());
        var invitations = host.ConnectorSince(mark);
        Assert.DoesNotContain(invitations, r => r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal));
        JsonNode InvitationFor(TeamsPerson person) =>
            EndToEndCards.AdaptiveCards(Assert.Single(invitations, r => r.Path.Contains(Uri.EscapeDataString(person.PersonalConversationId), StringComparison.Ordinal)))[0];

        (status, _) = await host.ClickInTeamsAsync(Noah, Noah.PersonalConversationId, CardActions.RsvpNo, EndToEndCards.ExecuteData(InvitationFor(Noah), CardActions.RsvpNo));
        Assert.Equal(HttpStatusCode.OK, status);
        (status, _) = await host.ClickInTeamsAsync(Carol, Carol.PersonalConversationId, CardActions.RsvpYes, EndToEndCards.ExecuteData(InvitationFor(Carol), CardActions.RsvpYes));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("You're going to Prototyping on paper", await SayAsync(host, Priya, "yes"), StringComparison.Ordinal);
        Assert.Equal(Answer.No, await AnswerOfAsync(host, Noah));
        Assert.Equal(Answer.Yes, await AnswerOfAsync(host, Carol));
        Assert.Equal(Answer.Yes, await AnswerOfAsync(host, Priya));

        // "Who is going": the people who said yes, never the ones who said no.
        var who = await SayAsync(host, Carol, "who is going to idealab");
        Assert.Contains("Carol Curious (you)", who, StringComparison.Ordinal);
        Assert.Contains("Priya Present", who, StringComparison.Ordinal);
        Assert.DoesNotContain("Noah", who, StringComparison.Ordinal);
        Assert.DoesNotContain("Maya", who, StringComparison.Ordinal);

        // The organizer's figures are counts only.
        var stats = await SayAsync(host, Olivia, "stats idealab-1");
        Assert.Contains("Going", stats, StringComparison.Ordinal);
        Assert.Contains("2 of 12", stats, StringComparison.Ordinal);
        Assert.Contains("Not this time", stats, StringComparison.Ordinal);
        foreach (var name in new[] { "Maya", "Noah", "Carol", "Priya" })
        {
            Assert.DoesNotContain(name, stats, StringComparison.Ordinal);
        }
    }

    /// <summary>Says something in the person's 1:1 chat and returns every text the bot posted in answer.</summary>
    internal static async Task<string> SayAsync(LiveBotHost host, TeamsPerson person, string text)
    {
        var mark = host.Teams.Connector.Requests.Count;
        using var response = await host.SayPersonallyAsync(person, text);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = host.ConnectorSince(mark);
        Assert.NotEmpty(replies);
        Assert.All(replies, r => Assert.Contains(Uri.EscapeDataString(person.PersonalConversationId), r.Path, StringComparison.Ordinal));
        return EndToEndCards.AllText(replies);
    }

    internal static Task<MembershipLevel> LevelOfAsync(LiveBotHost host, string userId) =>
        host.QueryAsync(db => db.Memberships
            .Where(m => db.Accounts.Any(a => a.PersonId == m.PersonId && a.UserId == userId)).Select(m => m.Level).SingleAsync(TestContext.Current.CancellationToken));

    internal static Task<Answer> AnswerOfAsync(LiveBotHost host, TeamsPerson person, int session = 1) =>
        host.QueryAsync(db => db.Invitations
            .Where(i => i.Session!.Number == session && i.Person!.Accounts.Any(a => a.UserId == person.Id))
            .Select(i => i.Answer).SingleAsync(TestContext.Current.CancellationToken));
}
