using CoPBot.Bot;
using CoPBot.Bot.LocalChat;
using CoPBot.Bot.OrganizerPage;
using CoPBot.Bot.Slack;
using CoPBot.Bot.Teams;
using CoPBot.Services;

if (args is ["chat", ..])
{
    return await ConsoleChat.RunAsync(args[1..]);
}

if ((TeamsAppPackage.TryRunCommand(args) ?? ManifestFiles.TryRunCommand(args)) is { } exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddRootSettings();
builder.AddCoPBot();
builder.AddTeams();
builder.AddSlack();
builder.AddDelivery();
builder.AddHousekeeping();
builder.AddIdleMemoryTrim();
builder.AddOrganizerPage();

var app = builder.Build();
try
{
    await app.Services.MigrateCoPBotDatabaseAsync();
    app.UseRequestFaults();
    app.MapCoPBot();
    app.MapTeams();
    app.MapSlack();
    app.MapOrganizerPage();
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (StartupChecks.Describe(exception) is { } failure)
{
    await Console.Error.WriteLineAsync(failure);
    return 1;
}

/// <summary>The web host's entry point; public for WebApplicationFactory.</summary>
public partial class Program;
