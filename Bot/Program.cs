using CoPBot.Bot;
using CoPBot.Bot.Console;
using CoPBot.Bot.Slack;
using CoPBot.Services;

if (args is ["chat", ..])
{
    return await ConsoleChat.RunAsync(args[1..]);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddRootSettings();
builder.AddCoPBot();
builder.AddSlack();
builder.AddDelivery();

var app = builder.Build();
await app.Services.MigrateCoPBotDatabaseAsync();
app.MapCoPBot();
app.MapSlack();
await app.RunAsync();
return 0;

/// <summary>The web host's entry point; public for WebApplicationFactory.</summary>
public partial class Program;
