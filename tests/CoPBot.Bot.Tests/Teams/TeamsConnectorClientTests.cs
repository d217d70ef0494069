using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CoPBot.Bot.Teams;
using Microsoft.Extensions.DependencyInjection;

namespace CoPBot.Bot.Tests.Teams;

/// <summary>The connector client against a recording fake connector; waits go to a recorder, so nothing sleeps.</summary>
public sealed class TeamsConnectorClientTests
{
    private const string ServiceUrl = "http://127.0.0.1:38777/_connector";
    private const string ConversationId = "cb8a5d30-c18d-4603-a512-ace0998253a0";

    private static readonly TeamsActivity Message = TeamsMessages.Message("hello", null) with
    {
        From = new ChannelAccount { Id = "00000000-0000-0000-0000-00000000000011", Name = "Test Bot" },
        Recipient = new ChannelAccount { Id = "user-id-0" },
        Conversation = new ConversationAccount { Id = ConversationId, ConversationType = "personal" },
    };

    [Fact]
    public async Task ReplyToActivityAsync_Success_PostsToTheActivityWithTheBotToken()
    {
        using var host = new TeamsTestHost();
        var client = host.Services.GetRequiredService<TeamsConnectorClient>();

        var result = await client.ReplyToActivityAsync(ServiceUrl, ConversationId, "b1f584ec", Message with { ReplyToId = "b1f584ec" }, TeamsTestHost.BotAppId, TestContext.Current.CancellationToken);

        Assert.NotNull(result.Id);
        var request = Assert.Single(host.Connector.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal($"/_connector/v3/conversations/{ConversationId}/activities/b1f584ec", request.Path);
        Assert.Equal("Bearer " + FakeTokenProvider.Token, request.Authorization);
        Assert.Equal("message", (string?)request.Body!["type"]);
        Assert.Equal("hello", (string?)request.Body["text"]);
        Assert.Equal("b1f584ec", (string?)request.Body["replyToId"]);
        Assert.Equal(TeamsTestHost.BotAppId, Assert.Single(host.Tokens.AppIds));
    }

    [Fact]
    public async Task UpdateActivityAsync_Success_PutsTheActivityWithItsId()
    {
        using var host = new TeamsTestHost();
        var client = host.Services.GetRequiredService<TeamsConnectorClient>();

        await client.UpdateActivityAsync(ServiceUrl, ConversationId, "1795865224405", Message, null, TestContext.Current.CancellationToken);

        var request = Assert.Single(host.Connector.Requests);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal($"/_connector/v3/conversations/{ConversationId}/activities/1795865224405", request.Path);
        Assert.Equal("1795865224405", (string?)request.Body!["id"]);
    }

    [Fact]
    public async Task DeleteActivityAsync_Success_SendsDelete()
    {
        using var host = new TeamsTestHost();
        var client = host.Services.GetRequiredService<TeamsConnectorClient>();
        host.Connector.Scripted.Enqueue(() => new HttpResponseMessage(HttpStatusCode.OK));

        await client.DeleteActivityAsync(ServiceUrl, ConversationId, "1795865224405", null, TestContext.Current.CancellationToken);

        var request = Assert.Single(host.Connector.Requests);
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.Null(request.Body);
    }

    [Fact]
    public async Task GetMembersAsync_ConnectorListsMembers_ReturnsThem()
    {
        using var host = new TeamsTestHost();
        var client = host.Services.GetRequiredService<TeamsConnectorClient>();
        var capture = TeamsEndpointsTests.Load("botframework/playground/15-connector-GET-conversation-members.json");
        host.Connector.Scripted.Enqueue(() => Json(HttpStatusCode.OK, capture["response"]!["body"]!));

        var members = await client.GetMembersAsync(ServiceUrl, "e21f5068-b565-4b1a-b3e9-b39ac7110065", null, TestContext.Current.CancellationToken);

        Assert.Equal(6, members.Count);
        Assert.Equal("Megan Bowen", members[1].Name);
        Assert.Equal((string)capture["request"]!["url"]!, Assert.Single(host.Connector.Requests).Path);
    }

    [Fact]
    public async Task SendToConversationAsync_429WithRetryAfterThenSuccess_WaitsWhatTheConnectorAskedAndSucceeds()
    {
        using var host = new TeamsTestHost();
        var client = host.Services.GetRequiredService<TeamsConnectorClient>();
        host.Connector.Scripted.Enqueue(() => Throttled(TimeSpan.FromSeconds(3)));

        var result = await client.SendToConversationAsync(ServiceUrl, ConversationId, Message, null, TestContext.Current.CancellationToken);

        Assert.NotNull(result.Id);
        Assert.Equal(2, host.Connector.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(3)], host.Delays);
    }

    [Fact]
    public async Task SendToConversationAsync_502Then504ThenSuccess_BacksOffExponentiallyWithJitter()
    {
        using var host = new TeamsTestHost();
        var client = host.Services.GetRequiredService<TeamsConnectorClient>();
        host.Connector.Scripted.Enqueue(() => new HttpResponseMessage(HttpStatusCode.BadGateway));
        host.Connector.Scripted.Enqueue(() => new HttpResponseMessage(HttpStatusCode.GatewayTimeout));

        await client.SendToConversationAsync(ServiceUrl, ConversationId, Message, null, TestContext.Current.CancellationToken);

        Assert.Equal(3, host.Connector.Requests.Count);
        Assert.Equal(2, host.Delays.Count);
        Assert.InRange(host.Delays[0].TotalMilliseconds, 800, 1200);
        Assert.InRange(host.Delays[1].TotalMilliseconds, 1600, 2400);
    }

    [Fact]
    public async Task SendToConversationAsync_412AlwaysUntilAttemptsRunOut_ThrowsAfterMaxAttempts()
    {
        using var host = new TeamsTestHost();
        var client = host.Services.GetRequiredService<TeamsConnectorClient>();
        for (var i = 0; i < 10; i++)
        {
            host.Connector.Scripted.Enqueue(() => new HttpResponseMessage(HttpStatusCode.PreconditionFailed));
        }

        var failure = await Assert.ThrowsAsync<TeamsConnectorException>(() =>
            client.SendToConversationAsync(ServiceUrl, ConversationId, Message, null, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.PreconditionFailed, failure.StatusCode);
        Assert.Equal(4, host.Connector.Requests.Count);
    }

    [Fact]
    public async Task SendToConversationAsync_RetryAfterLongerThanWeWait_ThrowsWithRetryAfter()
    {
        using var host = new TeamsTestHost();
        var client = host.Services.GetRequiredService<TeamsConnectorClient>();
        host.Connector.Scripted.Enqueue(() => Throttled(TimeSpan.FromMinutes(5)));

        var failure = await Assert.ThrowsAsync<TeamsConnectorException>(() =>
            client.SendToConversationAsync(ServiceUrl, ConversationId, Message, null, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.TooManyRequests, failure.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(5), failure.RetryAfter);
        Assert.Single(host.Connector.Requests);
        Assert.Empty(host.Delays);
    }

    [Fact]
    public async Task SendToConversationAsync_500_IsNotRetriedAndNamesTheErrorCode()
    {
        using var host = new TeamsTestHost();
        var client = host.Services.GetRequiredService<TeamsConnectorClient>();
        host.Connector.Scripted.Enqueue(() => Json(HttpStatusCode.InternalServerError, new JsonObject { ["error"] = new JsonObject { ["code"] = "ServiceError", ["message"] = "boom" } }));

        var failure = await Assert.ThrowsAsync<TeamsConnectorException>(() =>
            client.SendToConversationAsync(ServiceUrl, ConversationId, Message, null, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.InternalServerError, failure.StatusCode);
        Assert.Contains("ServiceError", failure.Message, StringComparison.Ordinal);
        Assert.False(failure.Permanent);
        Assert.Single(host.Connector.Requests);
    }

    [Fact]
    public async Task SendToConversationAsync_ConnectorUnreachableOnce_TriesAgainAndSucceeds()
    {
        using var host = new TeamsTestHost();
        var client = host.Services.GetRequiredService<TeamsConnectorClient>();
        host.Connector.Scripted.Enqueue(() => throw new HttpRequestException("Connection refused"));

        var result = await client.SendToConversationAsync(ServiceUrl, ConversationId, Message, null, TestContext.Current.CancellationToken);

        Assert.NotNull(result.Id);
        Assert.Equal(2, host.Connector.Requests.Count);
        Assert.InRange(Assert.Single(host.Delays).TotalMilliseconds, 800, 1200);
    }

    [Fact]
    public async Task SendToConversationAsync_NoAnswerWithinTheAttemptTimeout_IsATimeoutNotRetried()
    {
        using var host = new TeamsTestHost(extra: new Dictionary<string, string?> { ["Teams:ConnectorAttemptTimeout"] = "00:00:00.200" });
        var client = host.Services.GetRequiredService<TeamsConnectorClient>();
        host.Connector.Unanswered = new TaskCompletionSource<HttpResponseMessage>();

        // No answer means "maybe delivered" for the outbox: a TimeoutException, and no second POST.
        await Assert.ThrowsAsync<TimeoutException>(() =>
            client.SendToConversationAsync(ServiceUrl, ConversationId, Message, null, TestContext.Current.CancellationToken));

        Assert.Single(host.Connector.Requests);
    }

    internal static HttpResponseMessage Throttled(TimeSpan retryAfter)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(retryAfter);
        return response;
    }

    internal static HttpResponseMessage Json(HttpStatusCode status, JsonNode body) =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
}
