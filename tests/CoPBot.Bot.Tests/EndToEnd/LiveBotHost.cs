using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CoPBot.Bot.Delivery;
using CoPBot.Bot.Slack;
using CoPBot.Bot.Tests.Edge;
using CoPBot.Bot.Tests.Slack;
using CoPBot.Bot.Tests.Teams;
using CoPBot.Services.Storage;
using CoPBot.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CoPBot.Bot.Tests.EndToEnd;

/// <summary>
/// The whole bot as it runs in production: the real HTTP pipeline, authentication, Teams and Slack adapters, router,
/// services, outbox dispatcher and a real database (SQLite file or PostgreSQL). Only the platforms' far side is
/// faked: the Bot Framework token service and connector, and the Slack Web API. Background delivery is off; a test
/// runs the dispatcher itself with <see cref="DeliverAsync"/>, so it sees exactly what each step sent.
/// </summary>
/// <remarks>
/// Organizations: the Teams tenant belongs to "city" (City of Riverton), the Slack workspace to "county" (Lake County).
/// A network hosted by one is visible to the other only once its organizer opens it to them.
/// </remarks>
internal sealed class LiveBotHost : WebApplicationFactory<Program>
{
    public const string TeamsTenant = TeamsTestHost.TenantId;
    public const string ServiceUrl = "https://smba.trafficmanager.net/amer/";
    public const string BotId = "28:" + TeamsFarSide.BotAppId;
    public const string TeamsChannel = "19:e2e-announcements@thread.tacv2";
    public const string TeamId = "19:e2e-team@thread.tacv2";

    public const string SlackTeam = "T0E2ECNTY";
    public const string SlackAppId = "A0E2E0001";
    public const string SlackSecret = "e2e-slack-signing-secret";
    public const string SlackBotUser = "U0COPBOT";
    public const string TeamsClientSecret = "not-a-real-secret";
    public const string CheckInSecret = "e2e-check-in-secret-of-thirty-two-chars";
    public const string SlashTriggerPrefix = "4000.1000.";
    public const string ClickTriggerPrefix = "5000.1000.";

    public const string City = "city";
    public const string County = "county";

    private readonly StorageProvider database;
    private readonly string connectionString;
    private readonly LiveBotHostOptions options;
    private int sequence;

    private LiveBotHost(StorageProvider database, string connectionString, LiveBotHostOptions options)
    {
        this.database = database;
        this.connectionString = connectionString;
        this.options = options;
        Teams.Connector.ConversationIdFor = body => "a:1on1-" + (string?)body?["members"]?[0]?["id"];
        Slack.Respond = RespondLikeSlack;
    }

    /// <summary>Monday 1 March 2027, 10:00 UTC: outside default quiet hours in the people's zones.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));

    public TeamsFarSide Teams { get; } = new();

    public FakeSlackApi Slack { get; } = new();

    /// <summary>Every error the host logged (a failed background turn shows here, not in an HTTP status).</summary>

    /// <summary>Slack users' profiles, as users.info would answer: id → (display name, time zone).</summary>
    public Dictionary<string, (string Name, string Zone)> SlackPeople { get; } = [];

    /// <summary>Everything the host logged (the fault tests read it).</summary>
    public RecordingLoggerProvider Logs { get; } = new();

    /// <summary>The database the host runs on ("sqlite" or "postgresql").</summary>
    public string Provider => database.Name;

    /// <summary>The SQLite file, when the host runs on SQLite.</summary>
    public string? SqliteFile => (database as SqliteDatabase)?.FilePath;

    public static async Task<LiveBotHost> StartAsync(string provider = StorageProvider.SqliteName, LiveBotHostOptions? options = null)
    {
        options ??= new LiveBotHostOptions();
        var database = StorageProvider.Create(provider);
        var connectionString = await database.CreateDatabaseAsync(TestContext.Current.CancellationToken) + options.ConnectionStringSuffix;
        var host = new LiveBotHost(database, connectionString, options);
        _ = host.Server; // Starts the host: migrations run now, not in the first request.
        host.Logs.Clear(); // On a new PostgreSQL database EF logs its probe of the missing migrations table as an error.
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(options.Environment);
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = database.Name == StorageProvider.PostgresName ? "Postgres" : "Sqlite",
            ["Storage:ConnectionString"] = connectionString,
            ["Delivery:Enabled"] = "false",
            ["Housekeeping:Enabled"] = "false",
            ["Organizations:Entries:0:Slug"] = City,
            ["Organizations:Entries:0:Name"] = "City of Riverton",
            ["Organizations:Entries:0:Tenants:0"] = $"msteams:{TeamsTenant}",
            ["Organizations:Entries:1:Slug"] = County,
            ["Organizations:Entries:1:Name"] = "Lake County",
            ["Organizations:Entries:1:Tenants:0"] = $"slack:{SlackTeam}",
            ["Teams:Bots:0:AppId"] = TeamsFarSide.BotAppId,
            ["Teams:Bots:0:TenantId"] = TeamsTenant,
            ["Teams:Bots:0:ClientSecret"] = TeamsClientSecret,
            ["Teams:OpenIdMetadataUrl"] = TeamsTestAuthority.MetadataUrl,
            ["Slack:Apps:0:AppId"] = SlackAppId,
            ["Slack:Apps:0:SigningSecret"] = SlackSecret,
            ["Slack:Apps:0:Installations:0:TeamId"] = SlackTeam,
            ["Slack:Apps:0:Installations:0:BotToken"] = "xoxb-e2e",
            ["Slack:Apps:0:Installations:0:BotUserId"] = SlackBotUser,
            ["CheckIn:Secret"] = CheckInSecret,
        }));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            Teams.Replace(services);
            services.AddHttpClient<SlackWebApiClient>().ConfigurePrimaryHttpMessageHandler(() => Slack);
            services.AddLogging(logging => logging.AddProvider(Logs));
            options.ConfigureServices?.Invoke(services);
        });
        options.Configure?.Invoke(builder);
    }

    // ---- Delivery and storage ----

    /// <summary>Runs the real outbox dispatcher until nothing due is left; returns how many messages it handled.</summary>
    public async Task<int> DeliverAsync()
    {
        var dispatcher = Services.GetRequiredService<OutboxDispatcher>();
        var total = 0;
        for (var round = 0; round < 20; round++)
        {
            var handled = await dispatcher.RunOnceAsync(TestContext.Current.CancellationToken);
            if (handled == 0)
            {
                return total;
            }

            total += handled;
        }

        throw new InvalidOperationException("The dispatcher kept finding work: a message is being retried in a loop.");
    }

    /// <summary>Reads the database in a fresh scope, as a separate request would.</summary>
    public async Task<T> QueryAsync<T>(Func<CoPBotDbContext, Task<T>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CoPBotDbContext>());
    }

    private string NextId(string prefix) => prefix + Interlocked.Increment(ref sequence).ToString("0000", CultureInfo.InvariantCulture);

    // ---- Teams ----

    /// <summary>The app installed in the person's personal scope: Teams sends conversationUpdate with the bot added.</summary>
    public Task<HttpResponseMessage> InstallForAsync(TeamsPerson person) => PostActivityAsync(new JsonObject
    {
        ["type"] = "conversationUpdate",
        ["membersAdded"] = new JsonArray(new JsonObject { ["id"] = BotId }),
        ["conversation"] = PersonalConversation(person),
        ["from"] = From(person),
    });

    /// <summary>The app added to the team: Teams sends conversationUpdate for the team's General channel.</summary>
    public Task<HttpResponseMessage> InstallInTeamAsync(TeamsPerson person) => PostActivityAsync(new JsonObject
    {
        ["type"] = "conversationUpdate",
        ["membersAdded"] = new JsonArray(new JsonObject { ["id"] = BotId }),
        ["conversation"] = new JsonObject { ["isGroup"] = true, ["conversationType"] = "channel", ["id"] = TeamsChannel, ["tenantId"] = TeamsTenant },
        ["from"] = From(person),
        ["channelData"] = ChannelData(),
    });

    /// <summary>A message in the person's 1:1 chat with the bot; the same <paramref name="activityId"/> again is Teams redelivering it.</summary>
    public Task<HttpResponseMessage> SayPersonallyAsync(TeamsPerson person, string text, string? activityId = null) => PostActivityAsync(new JsonObject
    {
        ["type"] = "message",
        ["id"] = activityId,
        ["text"] = text,
        ["conversation"] = PersonalConversation(person),
        ["from"] = From(person),
    }, keepId: activityId is not null);

    /// <summary>A message in the team channel that @mentions the bot, as Teams sends it (the mention tag in the text).</summary>
    public Task<HttpResponseMessage> SayInChannelAsync(TeamsPerson person, string text)
    {
        var id = NextId("17000000");
        return PostActivityAsync(new JsonObject
        {
            ["type"] = "message",
            ["id"] = id,
            ["text"] = "<at>CoPBot</at> " + text,
            ["conversation"] = ChannelConversation(id),
            ["from"] = From(person),
            ["entities"] = new JsonArray(new JsonObject
            {
                ["type"] = "mention",
                ["text"] = "<at>CoPBot</at>",
                ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = "CoPBot" },
            }),
            ["channelData"] = ChannelData(),
        }, keepId: true);
    }

    private static JsonObject ChannelConversation(string messageId) => new()
    {
        ["isGroup"] = true,
        ["conversationType"] = "channel",
        ["id"] = $"{TeamsChannel};messageid={messageId}",
        ["name"] = "Announcements",
        ["tenantId"] = TeamsTenant,
    };

    private static JsonObject ChannelData() => new()
    {
        ["teamsChannelId"] = TeamsChannel,
        ["teamsTeamId"] = TeamId,
        ["channel"] = new JsonObject { ["id"] = TeamsChannel, ["name"] = "Announcements" },
        ["team"] = new JsonObject { ["id"] = TeamId, ["name"] = "Riverton Learning" },
        ["tenant"] = new JsonObject { ["id"] = TeamsTenant },
    };

    /// <summary>An Action.Execute click (invoke adaptiveCard/action) in a conversation; returns the HTTP answer's body.</summary>
    public Task<(HttpStatusCode Status, JsonNode? Body)> ClickInTeamsAsync(TeamsPerson person, string conversationId, string verb, JsonObject data) =>
        InvokeAsync(
            person,
            new JsonObject { ["conversationType"] = "personal", ["id"] = conversationId, ["tenantId"] = TeamsTenant },
            new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.DeepClone() },
            "manual");

    /// <summary>
    /// A person's Teams client refreshing a card shared in the team channel by itself: the card's own
    /// <c>refresh.action</c> sent back as an <c>adaptiveCard/action</c> invoke with trigger "automatic".
    /// </summary>
    public Task<(HttpStatusCode Status, JsonNode? Body)> RefreshInChannelAsync(TeamsPerson person, JsonNode card, string postId)
    {
        ArgumentNullException.ThrowIfNull(card);
        return InvokeAsync(person, ChannelConversation(postId), card["refresh"]!["action"]!.DeepClone().AsObject(), "automatic", ChannelData());
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> InvokeAsync(TeamsPerson person, JsonObject conversation, JsonObject action, string trigger, JsonObject? channelData = null)
    {
        ArgumentNullException.ThrowIfNull(person);
        using var response = await PostActivityAsync(new JsonObject
        {
            ["type"] = "invoke",
            ["name"] = "adaptiveCard/action",
            ["conversation"] = conversation,
            ["from"] = From(person),
            ["value"] = new JsonObject { ["action"] = action, ["trigger"] = trigger },
            ["channelData"] = channelData,
        });
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text));
    }

    /// <summary>Any body to /api/messages, with a channel token whose serviceurl claim is <paramref name="serviceUrlClaim"/>.</summary>
    public async Task<HttpResponseMessage> PostTeamsBodyAsync(byte[] body, string serviceUrlClaim)
    {
        using var client = CreateClient();
        return await TeamsFarSide.PostAsync(client, body, Teams.Mint(Time, serviceUrlClaim));
    }

    /// <summary>The connector requests sent since <paramref name="mark"/> (a count taken before the step).</summary>
    public IReadOnlyList<ConnectorRequest> ConnectorSince(int mark) => [.. Teams.Connector.Requests.Skip(mark)];

    private async Task<HttpResponseMessage> PostActivityAsync(JsonObject activity, bool keepId = false)
    {
        if (!keepId)
        {
            activity["id"] = NextId("f:activity-");
        }

        activity["channelId"] = "msteams";
        activity["serviceUrl"] = ServiceUrl;
        activity["timestamp"] = Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        activity["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "CoPBot" };
        activity["channelData"] ??= new JsonObject { ["tenant"] = new JsonObject { ["id"] = TeamsTenant } };
        using var client = CreateClient();
        return await TeamsFarSide.PostAsync(client, activity, Teams.Mint(Time, ServiceUrl));
    }

    private static JsonObject PersonalConversation(TeamsPerson person) => new()
    {
        ["conversationType"] = "personal",
        ["id"] = person.PersonalConversationId,
        ["tenantId"] = TeamsTenant,
    };

    private static JsonObject From(TeamsPerson person) => new()
    {
        ["id"] = person.Id,
        ["name"] = person.Name,
        ["aadObjectId"] = person.AadObjectId,
    };

    // ---- Slack ----

    /// <summary>/cop typed in a channel (or a DM when <paramref name="channelId"/> starts with D); returns the HTTP answer.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> SlashAsync(SlackPerson person, string channelId, string text, string channelName = "learning")
    {
        var form = CommandForm(person, channelId, text, $"https://hooks.slack.com/commands/{SlackTeam}/{NextId("1")}/e2e", NextId(SlashTriggerPrefix), channelName);
        using var response = await PostSlackAsync("/slack/commands", form, SlackSigning.Form);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        await SlackIdleAsync();
        return (response.StatusCode, string.IsNullOrEmpty(body) ? null : JsonNode.Parse(body));
    }

    /// <summary>The form body of a /cop command in the <see cref="SlackTeam"/> workspace, as Slack posts it.</summary>
    public static string CommandForm(SlackPerson person, string channelId, string text, string responseUrl, string triggerId, string channelName = "learning")
    {
        ArgumentNullException.ThrowIfNull(person);
        return string.Join('&', new Dictionary<string, string>
        {
            ["token"] = "legacy-verification-token-unused",
            ["team_id"] = SlackTeam,
            ["team_domain"] = "lakecounty",
            ["channel_id"] = channelId,
            ["channel_name"] = channelId.StartsWith('D') ? "directmessage" : channelName,
            ["user_id"] = person.Id,
            ["user_name"] = person.Name,
            ["command"] = "/cop",
            ["text"] = text,
            ["api_app_id"] = SlackAppId,
            ["response_url"] = responseUrl,
            ["trigger_id"] = triggerId,
        }.Select(f => f.Key + "=" + Uri.EscapeDataString(f.Value)));
    }

    /// <summary>A DM to the bot (event_callback message.im); <paramref name="retry"/> redelivers an event id as Slack does.</summary>
    public async Task<HttpStatusCode> DirectMessageAsync(SlackPerson person, string text, string eventId, int retry = 0)
    {
        ArgumentNullException.ThrowIfNull(person);
        var json = new JsonObject
        {
            ["token"] = "legacy-verification-token-unused",
            ["team_id"] = SlackTeam,
            ["api_app_id"] = SlackAppId,
            ["event"] = new JsonObject
            {
                ["type"] = "message",
                ["channel"] = person.DirectChannel,
                ["user"] = person.Id,
                ["text"] = text,
                ["ts"] = "1772359200.000100",
                ["event_ts"] = "1772359200.000100",
                ["channel_type"] = "im",
            },
            ["type"] = "event_callback",
            ["authorizations"] = new JsonArray(new JsonObject { ["team_id"] = SlackTeam, ["user_id"] = SlackBotUser, ["is_bot"] = true }),
            ["event_id"] = eventId,
            ["event_time"] = Time.GetUtcNow().ToUnixTimeSeconds(),
        }.ToJsonString();
        using var response = await PostSlackAsync("/slack/events", json, SlackSigning.Json, retry == 0 ? null : request =>
        {
            request.Headers.Add(SlackEndpoints.RetryNumHeader, retry.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        });
        await SlackIdleAsync();
        return response.StatusCode;
    }

    /// <summary>A button click on a message the bot posted (block_actions), with the button's own action_id and value.</summary>
    public async Task<HttpStatusCode> ClickInSlackAsync(SlackPerson person, string channelId, string messageTs, JsonNode button, string actionTs)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(button);
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["team"] = new JsonObject { ["id"] = SlackTeam, ["domain"] = "lakecounty" },
            ["user"] = new JsonObject { ["id"] = person.Id, ["username"] = person.Name, ["name"] = person.Name, ["team_id"] = SlackTeam },
            ["api_app_id"] = SlackAppId,
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = messageTs, ["channel_id"] = channelId, ["is_ephemeral"] = false },
            ["trigger_id"] = NextId(ClickTriggerPrefix),
            ["channel"] = new JsonObject { ["id"] = channelId, ["name"] = "directmessage" },
            ["response_url"] = $"https://hooks.slack.com/actions/{SlackTeam}/{NextId("2")}/e2e",
            ["actions"] = new JsonArray(new JsonObject
            {
                ["action_id"] = button["action_id"]!.DeepClone(),
                ["block_id"] = "answers",
                ["text"] = button["text"]!.DeepClone(),
                ["value"] = button["value"]?.DeepClone(),
                ["type"] = "button",
                ["action_ts"] = actionTs,
            }),
        };
        using var response = await PostSlackAsync("/slack/interactions", "payload=" + Uri.EscapeDataString(payload.ToJsonString()), SlackSigning.Form);
        await SlackIdleAsync();
        return response.StatusCode;
    }

    /// <summary>Any body to a /slack path, signed with the app's secret.</summary>
    public async Task<HttpResponseMessage> PostSlackBodyAsync(string path, byte[] body, string contentType)
    {
        using var client = CreateClient();
        return await SlackSigning.PostAsync(client, path, body, SlackSecret, contentType, SlackSigning.Timestamp(Time));
    }

    /// <summary>Waits (bounded) until the Slack adapter's background work is done.</summary>
    public Task SlackIdleAsync() =>
        Services.GetRequiredService<SlackBackgroundQueue>().WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

    public IReadOnlyList<RecordedRequest> SlackSince(int mark) => [.. Slack.Requests.Skip(mark)];

    private async Task<HttpResponseMessage> PostSlackAsync(string path, string body, string contentType, Action<HttpRequestMessage>? tweak = null)
    {
        using var client = CreateClient();
        return await SlackSigning.PostAsync(client, path, body, SlackSecret, contentType, SlackSigning.Timestamp(Time), tweak);
    }

    /// <summary>The fake Web API: a DM channel per user (D + user id), profiles from <see cref="SlackPeople"/>, a new ts per post.</summary>
    private HttpResponseMessage? RespondLikeSlack(RecordedRequest request)
    {
        switch (request.Target)
        {
            case "conversations.open":
                var users = (string?)JsonNode.Parse(request.Body)?["users"] ?? "";
                return FakeSlackApi.Json(new JsonObject { ["ok"] = true, ["channel"] = new JsonObject { ["id"] = "D" + users } }.ToJsonString());
            case "users.info":
                var id = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.Uri.Query).GetValueOrDefault("user").ToString();
                var (name, zone) = SlackPeople.GetValueOrDefault(id, (id, "UTC"));
                return FakeSlackApi.Json(new JsonObject
                {
                    ["ok"] = true,
                    ["user"] = new JsonObject { ["id"] = id, ["name"] = name, ["real_name"] = name, ["tz"] = zone, ["profile"] = new JsonObject { ["display_name"] = name } },
                }.ToJsonString());
            case "chat.postMessage":
                var channel = (string?)JsonNode.Parse(request.Body)?["channel"];
                return FakeSlackApi.Json(new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = "1772359300." + NextId("00") }.ToJsonString());
            default:
                return null;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Teams.Dispose();
        await database.DisposeAsync();
    }
}

/// <summary>How a <see cref="LiveBotHost"/> differs from the production-like default.</summary>
internal sealed record LiveBotHostOptions
{
    public string Environment { get; init; } = "Testing";

    /// <summary>Appended to the test database's connection string (e.g. ";Default Timeout=1" for SQLite).</summary>
    public string ConnectionStringSuffix { get; init; } = "";

    /// <summary>Runs after the host's own test replacements (fault injection).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Runs after the host's own test configuration (logging, settings, services of a test).</summary>
    public Action<IWebHostBuilder>? Configure { get; init; }
}

/// <summary>A Teams user of the City's tenant; <see cref="Id"/> is the channel account id Teams sends as from.id.</summary>
internal sealed record TeamsPerson(string Id, string Name, string AadObjectId)
{
    public string PersonalConversationId => "a:personal-" + Id[3..];

    public static TeamsPerson Named(string name) =>
        new("29:" + name.ToLowerInvariant().Replace(' ', '-'), name, Guid.NewGuid().ToString());
}

/// <summary>A Slack user of the County's workspace.</summary>
internal sealed record SlackPerson(string Id, string Name)
{
    /// <summary>The DM channel the fake Web API opens for this user.</summary>
    public string DirectChannel => "D" + Id;
}
