using System.Diagnostics;
using System.Text.Json;
using CoPBot.Bot.Conversation;
using CoPBot.Bot.Slack;
using CoPBot.Cards.Builders;
using CoPBot.Cards.Rendering;
using CoPBot.Services.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot;

/// <summary>
/// Does the slow first-time work before the server takes its first request, so that a first /cop after start-up is
/// answered within Slack's 3 seconds even on a busy machine: building the EF Core model, opening the first database
/// connection and compiling the queries every turn makes, building the router's dependency graph, and the command
/// grammar, card renderers and JSON serializer contexts. It runs in <see cref="StartingAsync"/>, which the host
/// awaits before any hosted service starts, the web server included. It changes nothing, and a failure only costs
/// the first request its speed (readiness reports a database that is not there). Off with Bot:WarmUpOnStart=false.
/// </summary>
internal sealed partial class StartupWarmUp(IServiceScopeFactory scopes, IOptions<BotOptions> options, ILogger<StartupWarmUp> logger) : IHostedLifecycleService
{
    /// <summary>The longest start-up waits for it: a database that does not answer must not keep the server from listening.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.WarmUpOnStart)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Budget);
        try
        {
            await WarmUpAsync(budget.Token);
            LogWarmedUp(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogWarmUpFailed(ex.GetType().Name);
        }
    }

    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        // Cards, the grammar and the wire formats: pure code, first-call JIT and static set-up.
        var help = PersonCards.Help(CommandGrammar.Commands.Select(c => c.ToHelp()).ToList(), organizer: true);
        _ = CommandGrammar.Parse("who is going to idealab", out _);
        _ = JsonSerializer.Serialize(BlockKitRenderer.RenderMessage("Hello", [help]).Blocks);
        _ = AdaptiveCardRenderer.RenderJson(help);
        _ = PlainTextRenderer.Render(help);
        _ = JsonSerializer.Serialize(new SlackResponseMessage { Text = "ok", ResponseType = SlackResponseMessage.Ephemeral }, SlackJsonContext.Default.SlackResponseMessage);
        _ = JsonSerializer.Deserialize("""{"type":"event_callback","event":{"type":"message"}}""", SlackJsonContext.Default.SlackEventEnvelope);

        // Storage: the model, the first connection, and the shapes of the queries a turn makes first (read-only).
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CoPBotDbContext>();
        _ = db.Model;
        _ = await db.Accounts.AsNoTracking().AnyAsync(a => a.Channel == "" && a.TenantId == "" && a.UserId == "", cancellationToken);
        _ = await db.People.AsNoTracking().AnyAsync(p => p.Id == Guid.Empty, cancellationToken);
        _ = await db.Networks.AsNoTracking().Include(n => n.Organizers).Include(n => n.Organizations).AnyAsync(n => n.Handle == "", cancellationToken);
        _ = await db.Sessions.AsNoTracking().Include(s => s.Network).AnyAsync(s => s.Id == Guid.Empty, cancellationToken);
        _ = await db.Memberships.AsNoTracking().AnyAsync(m => m.PersonId == Guid.Empty, cancellationToken);

        // The router and the Slack request path (verifier, handlers, Web API client), resolved once so the container
        // has built their factories; one signature computed.
        _ = services.GetRequiredService<IConversationRouter>();
        _ = services.GetService<SlackHandlers>();
        _ = services.GetService<SlackVerificationFilter>();
        _ = SlackRequestVerifier.Sign("warm-up", "0", "v0"u8);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1520, Level = LogLevel.Information, Message = "Warmed up in {Milliseconds:F0} ms: storage, router, cards and wire formats are ready for the first request")]
    private partial void LogWarmedUp(double milliseconds);

    [LoggerMessage(EventId = 1521, Level = LogLevel.Warning, Message = "Start-up warm-up failed ({Error}); the first request does that work instead")]
    private partial void LogWarmUpFailed(string error);
}
