using System.Net;
using CoPBot.Bot.Teams;
using CoPBot.Bot.Tests.EndToEnd;
using CoPBot.Bot.Tests.Slack;
using CoPBot.Bot.Tests.Teams;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CoPBot.Bot.Tests.Faults;

/// <summary>
/// The turn is done and committed, then its reply cannot go out: the connector fails, throttles for longer than the
/// bot waits in-line, does not answer, or the bot cannot get its own token. Through the real host: the request is
/// answered 503 (never 500, never an error in the log), so Teams redelivers, and the redelivery sends the kept reply
/// once, without doing the turn's work again.
/// </summary>
public sealed class ReplyFaultTests
{
    private static readonly TeamsPerson Olivia = TeamsPerson.Named("Olivia Organizer");
    private static readonly TeamsPerson Maya = TeamsPerson.Named("Maya Member");
    private static readonly SlackPerson Sam = new("U0SAM", "Sam Organizer");
    private static readonly SlackPerson Lena = new("U0LENA", "Lena Member");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("500")]
    [InlineData("503")]
    [InlineData("429 for two minutes")]
    [InlineData("no answer")]
    public async Task TeamsReply_ConnectorFailsAfterTheTurn_Answers503AndTheRedeliverySendsTheReplyOnce(string fault)
    {
        await using var host = await LiveBotHost.StartAsync(options: new LiveBotHostOptions
        {
            Configure = builder => builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Teams:ConnectorAttemptTimeout"] = "00:00:00.300",
            })),
        });
        await NetworkAsync(host);

        var mark = host.Teams.Connector.Requests.Count;
        switch (fault)
        {
            case "no answer":
                host.Teams.Connector.Unanswered = new TaskCompletionSource<HttpResponseMessage>();
                break;
            case "429 for two minutes":
                host.Teams.Connector.Scripted.Enqueue(() => new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new(TimeSpan.FromMinutes(2)) } });
                break;
            default:
                host.Teams.Connector.Scripted.Enqueue(() => new HttpResponseMessage((HttpStatusCode)int.Parse(fault, System.Globalization.CultureInfo.InvariantCulture)));
                break;
        }

        using (var failed = await host.SayPersonallyAsync(Maya, "join idealab", "maya-join"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
            Assert.Equal("", await failed.Content.ReadAsStringAsync(Cancellation));
        }

        host.Teams.Connector.Unanswered = null;
        var attempted = host.ConnectorSince(mark);
        Assert.NotEmpty(attempted);
        Assert.Equal(1, await MembershipsAsync(host));

        await AssertRedeliverySendsOnceAsync(host, attempted[0]);
        Assert.True(host.Logs.Errors.Count == 0, string.Join('\n', host.Logs.Errors));
    }

    [Fact]
    public async Task TeamsReply_TokenEndpointFails_Answers503AndTheRedeliverySendsTheReplyOnce()
    {
        var login = new FakeLoginAuthority();
        await using var host = await StartWithLoginAsync(login);
        // No token yet (the client caches one once it has it): every reply of the setup fails too, its work is kept.
        login.FailWith = HttpStatusCode.ServiceUnavailable;
        await NetworkAsync(host, expectReplies: false);
        var mark = host.Teams.Connector.Requests.Count;
        using (var failed = await host.SayPersonallyAsync(Maya, "join idealab", "maya-join"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        Assert.Equal(mark, host.Teams.Connector.Requests.Count);
        Assert.Equal(1, await MembershipsAsync(host));
        login.FailWith = null;

        using (var redelivered = await host.SayPersonallyAsync(Maya, "join idealab", "maya-join"))
        {
            Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        }

        var sent = Assert.Single(host.ConnectorSince(mark));
        Assert.EndsWith("/activities/maya-join", sent.Path, StringComparison.Ordinal);
        Assert.Contains("IdeaLab", sent.Body?.ToJsonString() ?? "", StringComparison.Ordinal);
        Assert.Equal(1, await MembershipsAsync(host));
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains(FakeLoginAuthority.AccessToken, StringComparison.Ordinal));
        Assert.True(host.Logs.Errors.Count == 0, string.Join('\n', host.Logs.Errors));
    }

    /// <summary>
    /// The outbox meets the same login failure: the invitation is not lost and nothing is logged as an error; it waits
    /// for its backoff and goes out once the login service answers again.
    /// </summary>
    [Fact]
    public async Task TeamsOutbox_TokenEndpointFails_InvitationWaitsAndGoesOutOnceLater()
    {
        var login = new FakeLoginAuthority { FailWith = HttpStatusCode.ServiceUnavailable };
        await using var host = await StartWithLoginAsync(login);
        await NetworkAsync(host, expectReplies: false);
        foreach (var text in new[] { "schedule idealab: Prototyping on paper; when: 2027-03-11 09:30; where: Room 4B; capacity: 12", "invite idealab-1" })
        {
            using (await host.SayPersonallyAsync(Olivia, text))
            {
            }
        }

        using (await host.SayPersonallyAsync(Maya, "join idealab"))
        {
        }

        var mark = host.Teams.Connector.Requests.Count;
        await host.DeliverAsync();

        Assert.Equal(mark, host.Teams.Connector.Requests.Count);
        var waiting = await host.QueryAsync(db => db.Outbox.SingleAsync(o => o.Kind == Services.Outbox.OutboxKind.Invitation && db.Accounts.Any(a => a.PersonId == o.PersonId && a.UserId == Maya.Id), Cancellation));
        Assert.Equal(Services.Outbox.OutboxStatus.Pending, waiting.Status);
        Assert.Equal(1, waiting.Attempts);
        Assert.True(host.Logs.Errors.Count == 0, string.Join('\n', host.Logs.Errors));

        login.FailWith = null;
        host.Time.Advance(TimeSpan.FromMinutes(5));
        await host.DeliverAsync();

        Assert.Equal(Services.Outbox.OutboxStatus.Sent, (await host.QueryAsync(db => db.Outbox.SingleAsync(o => o.Id == waiting.Id, Cancellation))).Status);
        Assert.Single(host.ConnectorSince(mark), r => r.Body?.ToJsonString().Contains("Prototyping on paper", StringComparison.Ordinal) == true);
        Assert.True(host.Logs.Errors.Count == 0, string.Join('\n', host.Logs.Errors));
    }

    /// <summary>
    /// Slack: the event was acknowledged when its turn committed, so Slack will not send it again; a reply that fails
    /// for now (an HTTP 500, Slack's own internal_error, throttled for longer than the in-line wait) is posted again
    /// from the background, once, without an error in the log.
    /// </summary>
    [Theory]
    [InlineData("HTTP 500")]
    [InlineData("internal_error")]
    [InlineData("ratelimited for two minutes")]
    public async Task SlackReply_WebApiFailsAfterTheTurn_IsPostedAgainOnce(string fault)
    {
        await using var host = await LiveBotHost.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.SlashAsync(Sam, "C0LEARN", "new network IdeaLab; handle: idealab")).Status);
        var posts = 0;
        var respond = host.Slack.Respond;
        host.Slack.Respond = request => request.Target == "chat.postMessage" && Interlocked.Increment(ref posts) == 1 ? Failure(fault) : respond(request);

        Assert.Equal(HttpStatusCode.OK, await host.DirectMessageAsync(Lena, "join idealab", "Ev0REPLY01"));
        Assert.Equal(HttpStatusCode.OK, await host.DirectMessageAsync(Lena, "join idealab", "Ev0REPLY01", retry: 1));

        var sent = host.Slack.To("chat.postMessage");
        Assert.Equal(2, sent.Count);
        Assert.Equal(sent[0].Body, sent[1].Body);
        Assert.Contains("in IdeaLab.", sent[1].Body, StringComparison.Ordinal);
        Assert.NotEmpty(host.Teams.RetryClock.Waits);
        Assert.Equal(1, await host.QueryAsync(db => db.Memberships.CountAsync(m => db.Accounts.Any(a => a.PersonId == m.PersonId && a.UserId == Lena.Id), Cancellation)));
        Assert.True(host.Logs.Errors.Count == 0, string.Join('\n', host.Logs.Errors));
    }

    private static HttpResponseMessage Failure(string fault) => fault switch
    {
        "HTTP 500" => new HttpResponseMessage(HttpStatusCode.InternalServerError),
        "internal_error" => FakeSlackApi.Json("""{"ok":false,"error":"internal_error"}"""),
        _ => new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new(TimeSpan.FromMinutes(2)) } },
    };

    /// <summary>Olivia's network IdeaLab; Maya has the app. With <paramref name="expectReplies"/> false, the answers are not checked.</summary>
    private static async Task NetworkAsync(LiveBotHost host, bool expectReplies = true)
    {
        using (await host.InstallForAsync(Olivia))
        {
        }

        using (var created = await host.SayPersonallyAsync(Olivia, "new network IdeaLab; handle: idealab"))
        {
            Assert.Equal(expectReplies ? HttpStatusCode.OK : created.StatusCode, created.StatusCode);
        }

        using (await host.InstallForAsync(Maya))
        {
        }
    }

    /// <summary>Teams redelivers the activity twice: the first sends what could not be sent (the same message), the second nothing.</summary>
    private static async Task AssertRedeliverySendsOnceAsync(LiveBotHost host, ConnectorRequest attempted)
    {
        var mark = host.Teams.Connector.Requests.Count;
        using (var redelivered = await host.SayPersonallyAsync(Maya, "join idealab", "maya-join"))
        {
            Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        }

        var sent = Assert.Single(host.ConnectorSince(mark));
        Assert.Equal(attempted.Path, sent.Path);
        Assert.Equal(attempted.Body?.ToJsonString(), sent.Body?.ToJsonString());

        using (var again = await host.SayPersonallyAsync(Maya, "join idealab", "maya-join"))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        Assert.Single(host.ConnectorSince(mark));
        Assert.Equal(1, await MembershipsAsync(host));
    }

    private static Task<int> MembershipsAsync(LiveBotHost host) =>
        host.QueryAsync(db => db.Memberships.CountAsync(m => m.LeftAt == null && db.Accounts.Any(a => a.PersonId == m.PersonId && a.UserId == Maya.Id), Cancellation));

    /// <summary>A host with the real MSAL client, against a login authority that can fail.</summary>
    private static Task<LiveBotHost> StartWithLoginAsync(FakeLoginAuthority login) =>
        LiveBotHost.StartAsync(options: new LiveBotHostOptions
        {
            Configure = builder => builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Teams:LoginAuthority"] = FakeLoginAuthority.Authority,
            })),
            ConfigureServices = services =>
            {
                services.AddSingleton<ITeamsTokenProvider, MsalTeamsTokenProvider>();
                services.AddHttpClient(MsalTeamsTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(login.CreateHandler);
            },
        });
}
