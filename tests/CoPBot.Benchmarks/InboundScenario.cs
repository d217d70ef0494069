using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CoPBot.Bot.Teams;
using CoPBot.Bot.Tests.Teams;
using CoPBot.Cards;

namespace CoPBot.Benchmarks;

/// <summary>
/// inbound: RSVP turns (Action.Execute invokes, yes and no alternating per user) on POST /api/messages of the bot
/// running on Kestrel at 127.0.0.1, each with a Bot Framework token checked for real against keys fetched over
/// loopback HTTPS. Members received their invitations first (through the services, delivery off).
/// </summary>
internal static class InboundScenario
{
    public static async Task<int> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var turns = args.Int("turns", 2000, max: 1_000_000);
        var concurrency = args.Int("concurrency", 16, max: 1024);
        var users = args.Int("users", 200, max: 100_000);
        var dbKind = args.Choice("db", "sqlite", "sqlite", "postgres");
        var postgres = args.OptionalText("postgres");
        args.EnsureAllUsed();

        Report.Title($"inbound: {turns} RSVP turns from {users} users, concurrency {concurrency}, {dbKind}");
        await using var fakes = await FakePlatforms.StartAsync(new PlatformLimits(), cancellationToken);
        await using var authority = await LoopbackAuthority.StartAsync(cancellationToken);
        await using var database = await BenchDatabase.CreateAsync(dbKind, postgres, cancellationToken);
        await using var app = await BotHost.BuildAsync(new BotHostPlan
        {
            Settings = database.Settings()
                .Concat(BotHost.PlatformSettings(fakes.TeamsServiceUrl, fakes.SlackApiBaseUrl))
                .Append(new("Teams:OpenIdMetadataUrl", TeamsTestAuthority.MetadataUrl)),
            Endpoints = true,
            Configure = services =>
            {
                BotHost.FakeTeamsToken(services);
                services.AddHttpClient(TeamsSetup.OpenIdHttpClientName).ConfigurePrimaryHttpMessageHandler(authority.CreateHandler);
            },
        }, cancellationToken);

        var seeding = Stopwatch.GetTimestamp();
        var world = await BenchWorld.CreateAsync(app.Services, users, "teams", bulk: false, fakes.TeamsServiceUrl, rememberAddresses: true, cancellationToken);
        var run = await world.SendInvitationsAsync(app.Services, cancellationToken);
        Report.Line("seed seconds (members and their invitations)", Report.F(Stopwatch.GetElapsedTime(seeding).TotalSeconds));
        Report.Line("invited", run.Invited);

        await app.StartAsync(cancellationToken);
        var endpoint = new Uri(BotHost.AddressOf(app), "/api/messages");
        var serviceUrl = fakes.TeamsServiceUrl.ToString();

        // One token per user, minted before the clock starts: every request is still validated in full.
        var tokens = world.Members.Select(_ => authority.Authority.Mint(DateTimeOffset.UtcNow, BenchTenants.TeamsAppId, serviceUrl)).ToArray();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { Timeout = TimeSpan.FromSeconds(60) };

        // Warm-up turns (not measured): JIT, the metadata and keys fetched over loopback, query compilation.
        var warmUp = Math.Min(users, 20);
        for (var i = 0; i < warmUp; i++)
        {
            await TurnAsync(http, endpoint, world, tokens, serviceUrl, i, users, cancellationToken);
        }

        var latencies = new double[turns];
        var failures = 0;
        var next = -1;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < turns)
            {
                var begun = Stopwatch.GetTimestamp();
                var ok = await TurnAsync(http, endpoint, world, tokens, serviceUrl, warmUp + i, users, cancellationToken);
                latencies[i] = Stopwatch.GetElapsedTime(begun).TotalMilliseconds;
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }, cancellationToken)));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await app.StopAsync(CancellationToken.None);

        var sorted = latencies.ToList();
        Report.Line("turns", turns);
        Report.Line("failed turns (not 200 or not the updated card)", failures);
        Report.Line("seconds", Report.F(seconds, 2));
        Report.Line("turns per second", Report.F(turns / seconds, 1));
        Report.Latencies("turn", sorted);
        Report.Line("metadata and key fetches over loopback", authority.Authority.MetadataRequests);
        Report.Line("allocated per turn (whole process)", Report.F((GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1024.0 / turns) + " KB");
        Report.Memory();
        Report.Table(["db", "turns", "conc.", "turns/s", "p50 ms", "p99 ms", "failed"],
            [[dbKind, turns.ToString(), concurrency.ToString(), Report.F(turns / seconds, 1), Report.F(Report.Percentile(sorted, 0.5), 2),
                Report.F(Report.Percentile(sorted, 0.99), 2), failures.ToString()]]);
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Turn n: user n mod U answers; each user alternates yes, no, yes, ...</summary>
    private static async Task<bool> TurnAsync(HttpClient http, Uri endpoint, BenchWorld world, string[] tokens, string serviceUrl, int n, int users, CancellationToken cancellationToken)
    {
        var index = n % users;
        var member = world.Members[index];
        var verb = n / users % 2 == 0 ? CardActions.RsvpYes : CardActions.RsvpNo;
        var activity = new JsonObject
        {
            ["type"] = "invoke",
            ["name"] = "adaptiveCard/action",
            ["id"] = $"bench-{n}-{Guid.NewGuid():N}",
            ["channelId"] = "msteams",
            ["serviceUrl"] = serviceUrl,
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["from"] = new JsonObject { ["id"] = member.UserId, ["name"] = $"Member {index}" },
            ["recipient"] = new JsonObject { ["id"] = "28:" + BenchTenants.TeamsAppId, ["name"] = "CoPBot" },
            ["conversation"] = new JsonObject { ["id"] = member.ConversationId, ["conversationType"] = "personal", ["tenantId"] = BenchTenants.TeamsTenant },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = BenchTenants.TeamsTenant } },
            ["value"] = new JsonObject
            {
                ["action"] = new JsonObject
                {
                    ["type"] = "Action.Execute",
                    ["verb"] = verb,
                    ["data"] = new JsonObject { [CardActions.SessionKey] = world.SessionId.ToString(), [CardActions.NetworkKey] = BenchWorld.Handle },
                },
                ["trigger"] = "manual",
            },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[index]);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode && body.Contains("application/vnd.microsoft.card.adaptive", StringComparison.Ordinal);
    }
}
