using Microsoft.Extensions.Options;

namespace CoPBot.Bot.Tests.Slack;

public sealed class SlackOptionsTests
{
    [Fact]
    public async Task Start_AppWithoutSigningSecret_FailsValidation()
    {
        var settings = SlackTestHost.AppSettings();
        settings["Slack:Apps:1:SigningSecret"] = "";
        await using var host = new SlackTestHost(extraSettings: settings);

        var error = Assert.Throws<OptionsValidationException>(() => host.CreateClient());

        Assert.Contains("Slack:Apps:1:SigningSecret is required", error.Message, StringComparison.Ordinal);
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
