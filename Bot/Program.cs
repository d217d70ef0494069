using CoPBot.Bot;
using CoPBot.Bot.Slack;

var builder = WebApplication.CreateBuilder(args);
builder.AddRootSettings();
builder.AddSlack();

var app = builder.Build();
app.MapGet("/healthz", () => Results.Text("ok"));
app.MapSlack();
app.Run();

/// <summary>The web host's entry point; public for WebApplicationFactory.</summary>
public partial class Program;
