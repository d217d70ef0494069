using System.Net;
using CoPBot.Bot.Conversation;
using CoPBot.Bot.Delivery;
using CoPBot.Bot.Teams;
using CoPBot.Services.Addresses;
using Microsoft.Extensions.DependencyInjection;

namespace CoPBot.Bot.Tests.Teams;

/// <summary>
/// The serviceUrl allow-list: a validly signed activity naming a connector we do not know is refused before anything
/// is stored or sent, and the connector client never takes the bot's token to such an address.
/// </summary>
public sealed class TeamsServiceUrlsTests
{
    private const string MetadataAddress = "http://169.254.169.254/";
    private const string Loopback = "http://127.0.0.1:38777/_connector";

    [Theory]
    [InlineData(MetadataAddress)]
    [InlineData("https://attacker.example/amer/")]
    [InlineData("https://smba.trafficmanager.net.attacker.example/amer/")]
    [InlineData("http://smba.trafficmanager.net/amer/")]
    public async Task PostMessages_ValidTokenForAnAddressOffTheList_Returns4xxAndStoresAndSendsNothing(string serviceUrl)
    {
        using var host = new TeamsTestHost();

        using var response = await PostAsync(host, serviceUrl);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Empty(host.Router.Turns);
        Assert.Equal(0, host.AddressBook.Writes);
        Assert.Empty(host.Connector.Requests);
        Assert.Empty(host.Tokens.AppIds);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net/emea/")]
    [InlineData("https://smba.infra.gcc.teams.microsoft.com/teams")]
    public async Task PostMessages_ValidTokenForABotConnectorHost_Returns200(string serviceUrl)
    {
        using var host = new TeamsTestHost(environment: "Production");

        using var response = await PostAsync(host, serviceUrl);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(host.Router.Turns);
    }

    [Theory]
    [InlineData("Development", HttpStatusCode.OK)]
    [InlineData("Production", HttpStatusCode.Unauthorized)]
    [InlineData("Testing", HttpStatusCode.Unauthorized)]
    public async Task PostMessages_LoopbackConnector_AllowedInDevelopmentOnly(string environment, HttpStatusCode expected)
    {
        using var host = new TeamsTestHost(environment: environment);

        using var response = await PostAsync(host, Loopback);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? 1 : 0, host.Connector.Requests.Count);
    }

    [Fact]
    public async Task PostMessages_ConfiguredList_ReplacesTheDefaults()
    {
        using var host = new TeamsTestHost(environment: "Production", extra: new Dictionary<string, string?>
        {
            ["Teams:AllowedServiceUrls:0"] = "https://smba.trafficmanager.net/emea/",
            ["Teams:DefaultServiceUrl"] = "https://smba.trafficmanager.net/emea/",
        });

        using var allowed = await PostAsync(host, "https://smba.trafficmanager.net/emea/");
        using var refused = await PostAsync(host, "https://smba.trafficmanager.net/amer/");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Startup_PlainHttpEntryOffLoopback_Fails()
    {
        using var storage = new TestStorage();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__ConnectionString"] = storage.Settings()["Storage:ConnectionString"]!,
            ["Teams__AllowedServiceUrls__0"] = "http://connector.example/",
        };

        var (exitCode, _, standardError) = await BotProcess.RunToExitAsync(environment, TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains("Teams:AllowedServiceUrls:0", standardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectorClient_AddressOffTheList_RefusesWithoutATokenOrARequest()
    {
        using var host = new TeamsTestHost();
        var client = host.Services.GetRequiredService<TeamsConnectorClient>();
        var message = TeamsMessages.Message("hello", null);

        var failure = await Assert.ThrowsAsync<TeamsConnectorException>(() =>
            client.SendToConversationAsync(MetadataAddress, "a:conversation", message, TeamsTestHost.BotAppId, TestContext.Current.CancellationToken));

        Assert.True(failure.Permanent);
        Assert.Empty(host.Connector.Requests);
        Assert.Empty(host.Tokens.AppIds);
    }

    [Fact]
    public async Task ConnectorClient_LoopbackOutsideDevelopment_Refuses()
    {
        using var host = new TeamsTestHost(environment: "Production");
        var client = host.Services.GetRequiredService<TeamsConnectorClient>();

        await Assert.ThrowsAsync<TeamsConnectorException>(() =>
            client.SendToConversationAsync(Loopback, "a:conversation", TeamsMessages.Message("hello", null), null, TestContext.Current.CancellationToken));

        Assert.Empty(host.Connector.Requests);
        Assert.Empty(host.Tokens.AppIds);
    }

    [Fact]
    public async Task ChatSender_StoredAddressOffTheList_FailsForGoodWithoutSending()
    {
        using var host = new TeamsTestHost();
        var sender = host.Services.GetServices<IChatSender>().Single(s => s.Channel == ChatChannels.Teams);
        var stored = new ChatAddress(ChatChannels.Teams, TeamsTestHost.TenantId, "a:personal", ChatAddressKind.Personal, "29:user", MetadataAddress);

        var result = await sender.SendAsync(stored, ChatReply.Say("hello"), TestContext.Current.CancellationToken);

        Assert.False(result.Ok);
        Assert.True(result.Permanent);
        Assert.Empty(host.Connector.Requests);
        Assert.Empty(host.Tokens.AppIds);
    }

    [Fact]
    public async Task ChatSender_ConnectorNamesAnAddressOffTheList_RemembersTheOneItCalled()
    {
        using var host = new TeamsTestHost();
        host.Connector.Scripted.Enqueue(() => TeamsConnectorClientTests.Json(HttpStatusCode.Created, new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = "a:new-personal",
            ["serviceUrl"] = MetadataAddress,
        }));
        var sender = host.Services.GetServices<IChatSender>().Single(s => s.Channel == ChatChannels.Teams);
        var address = new ChatAddress(ChatChannels.Teams, TeamsTestHost.TenantId, "", ChatAddressKind.Personal, "29:user", Loopback);

        var result = await sender.SendAsync(address, ChatReply.Say("hello"), TestContext.Current.CancellationToken);

        Assert.True(result.Ok, result.Error);
        var remembered = Assert.Single(host.AddressBook.All);
        Assert.Equal(Loopback, remembered.ServiceUrl);
        Assert.All(host.Connector.Requests, r => Assert.StartsWith("/_connector/", r.Path, StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> PostAsync(TeamsTestHost host, string serviceUrl)
    {
        var activity = TeamsRequestAuthenticatorTests.Activity();
        activity["serviceUrl"] = serviceUrl;
        using var client = host.CreateClient();
        return await TeamsFarSide.PostAsync(client, activity, host.Mint(serviceUrl));
    }
}
