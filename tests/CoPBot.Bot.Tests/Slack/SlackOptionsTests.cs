
namespace CoPBot.Bot.Tests.Slack;

public sealed class SlackOptionsTests
{
    [Fact]
    public async Task Start_AppWithoutSigningSecret_FailsValidation()
    {
        using var storage = new TestStorage();
        var environment = SlackTestHost.AppSettings()
            .Where(s => s.Value is not null)
            .ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        environment["Slack__Apps__1__SigningSecret"] = "";
        environment["Storage__ConnectionString"] = storage.Settings()["Storage:ConnectionString"]!;

        var (exitCode, _, standardError) = await BotProcess.RunToExitAsync(environment, TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains("Slack:Apps:1:SigningSecret is required", standardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NoSlackApps_StartsAndHealthzAnswers()
    {
        await using var host = new SlackTestHost(slackEnabled: false);
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
