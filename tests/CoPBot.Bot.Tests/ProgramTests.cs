
namespace CoPBot.Bot.Tests;

/// <summary>The built host as a process: how it refuses a configuration it must not run with.</summary>
public sealed class ProgramTests
{
    [Fact]
    public async Task Start_AnonymousTeamsInProduction_OneClearLineOnStderrAndExitCode1()
    {
        using var storage = new TestStorage();
        var (exitCode, standardOutput, standardError) = await BotProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Teams__AllowAnonymousInDevelopment"] = "true",
            ["Storage__ConnectionString"] = storage.Settings()["Storage:ConnectionString"]!,
        }, TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        var line = Assert.Single(standardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("Teams:AllowAnonymousInDevelopment is set in the Production environment", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", standardError, StringComparison.Ordinal);

        // The host's own log entry goes to the log (stdout), not mixed into the one line on stderr.
        Assert.Contains("Hosting failed to start", standardOutput, StringComparison.Ordinal);
    }
}
