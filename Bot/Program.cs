using CoPBot.Bot;

var builder = WebApplication.CreateBuilder(args);
builder.AddRootSettings();

var app = builder.Build();
app.MapGet("/healthz", () => Results.Text("ok"));
app.Run();

/// <summary>The web host's entry point; public for WebApplicationFactory.</summary>
public partial class Program;
