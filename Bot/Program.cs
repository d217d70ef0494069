using CoPBot.Bot;
using CoPBot.Bot.Teams;

if (TeamsAppPackage.TryRunCommand(args) is { } exitCode) return exitCode;

var builder = WebApplication.CreateBuilder(args);
builder.AddRootSettings();
builder.AddTeams();

var app = builder.Build();
app.MapGet("/healthz", () => Results.Text("ok"));
app.MapTeams();
app.Run();
return 0;

/// <summary>The web host's entry point; public for WebApplicationFactory.</summary>
public partial class Program;
