using System.Text.Json.Nodes;
using CoPBot.Bot.Tests.Slack;
using CoPBot.Services.Outbox;
using Microsoft.EntityFrameworkCore;
using static CoPBot.Bot.Tests.EndToEnd.SlackEndToEndTests;

namespace CoPBot.Bot.Tests.EndToEnd;

/// <summary>
/// Announcements to Slack channels through the whole bot: nothing is promised in a channel the bot cannot post in,
/// and a post that fails for good later is told to the organizer, shown in stats, and tried afresh when announced again.
/// </summary>
public sealed class SlackChannelPostTests
{
    private const string Channel = "C0LEARNING";

    private static readonly SlackPerson Sam = new("U0SAM", "Sam Organizer");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Announce_InAPrivateChannelTheBotIsNotIn_AsksToInviteItAndPromisesNothing()
    {
        await using var host = await LiveBotHost.StartAsync();
        Answer(host, "conversations.join", """{"ok":false,"error":"channel_not_found"}""");
        await ScheduleAsync(host);

        var reply = await SlashAsync(host, Sam, Channel, "announce idealab-1");

        Assert.Contains("Invite @CoPBot to this channel first", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("Announcing", reply, StringComparison.Ordinal);
        var join = Assert.Single(host.Slack.To("conversations.join"));
        Assert.Equal(Channel, (string?)JsonNode.Parse(join.Body)!["channel"]);
        Assert.Equal(0, await host.QueryAsync(db => db.AnnouncementChannels.CountAsync(Cancellation)));
        Assert.Equal(0, await host.QueryAsync(db => db.Outbox.CountAsync(o => o.Kind == OutboxKind.Announcement, Cancellation)));
    }

    [Fact]
    public async Task Announce_PublicChannel_BotJoinsItThenPromises()
    {
        await using var host = await LiveBotHost.StartAsync();
        Answer(host, "conversations.join", """{"ok":true,"channel":{"id":"C0LEARNING"},"warning":"already_in_channel"}""");
        await ScheduleAsync(host);

        Assert.Contains("Announcing Prototyping on paper here", await SlashAsync(host, Sam, Channel, "announce idealab-1"), StringComparison.Ordinal);
        Assert.Single(host.Slack.To("conversations.join"));
    }

    [Fact]
    public async Task Announce_PostFailsForGoodLater_OrganizerToldStatsShowItAnnouncingAgainPostsIt()
    {
        await using var host = await LiveBotHost.StartAsync();
        await ScheduleAsync(host);
        Assert.Contains("Announcing Prototyping on paper here", await SlashAsync(host, Sam, Channel, "announce idealab-1"), StringComparison.Ordinal);

        // The bot was removed from the channel between the promise and the post.
        var restore = Answer(host, "chat.postMessage", """{"ok":false,"error":"not_in_channel"}""", onlyTo: Channel);
        var mark = host.Slack.Requests.Count;
        await host.DeliverAsync();

        var toSam = host.SlackSince(mark).Where(r => r.Target == "chat.postMessage" && (string?)JsonNode.Parse(r.Body)!["channel"] == Sam.DirectChannel).ToList();
        var notice = EndToEndCards.AllText([Assert.Single(toSam)]);
        Assert.Contains("I couldn't post the Prototyping on paper announcement in #learning: the bot isn't in that channel", notice, StringComparison.Ordinal);
        Assert.Equal(1, await host.QueryAsync(db => db.Outbox.CountAsync(o => o.Kind == OutboxKind.Announcement && o.Status == OutboxStatus.DeadLetter, Cancellation)));
        var stats = await SlashAsync(host, Sam, Sam.DirectChannel, "stats idealab-1");
        Assert.Contains("Announcement not posted in", stats, StringComparison.Ordinal);
        Assert.Contains("learning", stats, StringComparison.Ordinal);

        // Invited back a minute later: announcing again posts the same announcement, once.
        restore();
        host.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Contains("Announcing Prototyping on paper here", await SlashAsync(host, Sam, Channel, "announce idealab-1"), StringComparison.Ordinal);
        mark = host.Slack.Requests.Count;
        await host.DeliverAsync();
        var posted = Assert.Single(host.SlackSince(mark), r => r.Target == "chat.postMessage");
        Assert.Equal(Channel, (string?)JsonNode.Parse(posted.Body)!["channel"]);
        Assert.DoesNotContain("not posted", await SlashAsync(host, Sam, Sam.DirectChannel, "stats idealab-1"), StringComparison.Ordinal);
    }

    private static async Task ScheduleAsync(LiveBotHost host)
    {
        Assert.Contains("IdeaLab is ready", await SlashAsync(host, Sam, Sam.DirectChannel, "new network IdeaLab; handle: idealab"), StringComparison.Ordinal);
        Assert.Contains("Scheduled Prototyping on paper as idealab-1",
            await SlashAsync(host, Sam, Sam.DirectChannel, "schedule idealab: Prototyping on paper; when: 2027-03-11 09:30; for: 90 min; where: Room 4B, County Hall"),
            StringComparison.Ordinal);
    }

    /// <summary>Slack answers <paramref name="method"/> (to one channel, if given) with <paramref name="json"/>; returns how to undo it.</summary>
    private static Action Answer(LiveBotHost host, string method, string json, string? onlyTo = null)
    {
        var before = host.Slack.Respond;
        host.Slack.Respond = r => r.Target == method && (onlyTo is null || (string?)JsonNode.Parse(r.Body)?["channel"] == onlyTo)
            ? FakeSlackApi.Json(json)
            : before(r);
        return () => host.Slack.Respond = before;
    }
}
