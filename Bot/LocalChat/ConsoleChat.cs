using System.Globalization;
using CoPBot.Bot.Conversation;
using CoPBot.Bot.Delivery;
using CoPBot.Cards.Rendering;
using CoPBot.Cards.Views;
using CoPBot.Services;
using CoPBot.Services.Addresses;
using CoPBot.Services.App;

namespace CoPBot.Bot.LocalChat;

/// <summary>
/// `chat --as "Name"`: talk to CoPBot in a terminal, through the same router and store as Teams and Slack. Cards
/// print as text with numbered choices; messages queued for you (invitations, offers) arrive between turns.
/// Reads standard input, so it can be scripted: `printf 'join idealab\nno\n' | dotnet run --project Bot -- chat --as Sam`.
/// </summary>
internal sealed class ConsoleChat(IServiceScopeFactory scopes, OutboxDispatcher dispatcher, ConsoleScreen screen, ChatUser user, TextReader input)
{
    public const string Usage = """
        Usage: chat --as "<your name>" [--org <tenant>] [--seed demo]
          --as      who you are (a new name starts a new person; the demo has Maria Lopez, Dev Patel, Grace Kim, Tom Becker, Aisha Rahman)
          --org     the console tenant you belong to: "local" (City of Riverton, default) or "county" (Alder County)
          --seed    demo: create the demo organizations, networks, sessions and people first (safe to repeat)
        Type "help" in the chat for commands, a number to press a button, "quit" to leave.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = ParseArguments(args);
        if (options is null)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var builder = Host.CreateApplicationBuilder([]);
        builder.AddRootSettings();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        builder.AddCoPBot();
        builder.Services.UseDevelopmentCheckInSecret();
        builder.Services.AddSingleton<ConsoleScreen>();
        builder.Services.AddSingleton<IChatSender>(sp => sp.GetRequiredService<ConsoleScreen>());
        using var host = builder.Build();
        try
        {
            await host.Services.MigrateCoPBotDatabaseAsync();
        }
        catch (Exception exception) when (StartupChecks.Describe(exception) is { } failure)
        {
            await Console.Error.WriteLineAsync(failure);
            return 1;
        }

        if (options.Value.Seed)
        {
            await using var scope = host.Services.CreateAsyncScope();
            await DemoSeed.EnsureAsync(scope.ServiceProvider, CancellationToken.None);
        }

        var (name, tenant) = (options.Value.Name, options.Value.Tenant);
        var user = LocalUser(name, tenant);
        var chat = new ConsoleChat(host.Services.GetRequiredService<IServiceScopeFactory>(), host.Services.GetRequiredService<OutboxDispatcher>(),
            host.Services.GetRequiredService<ConsoleScreen>(), user, Console.In);
        await chat.RunLoopAsync(CancellationToken.None);
        return 0;
    }

    /// <summary>The person at this console: their zone is the machine's own (a Windows id becomes its IANA id).</summary>
    public static ChatUser LocalUser(string name, string tenant) =>
        new(ChatChannels.Console, tenant, ConsoleUserId(name), name, TimeZones.Normalize(TimeZoneInfo.Local.Id));

    /// <summary>The console's stable user id for a name: the same name is the same person next time.</summary>
    public static string ConsoleUserId(string name) => name.Trim().ToLowerInvariant();

    public async Task RunLoopAsync(CancellationToken cancellationToken)
    {
        var interactive = !Console.IsInputRedirected;
        screen.Line($"CoPBot local chat, as {user.DisplayName}. Type \"help\", a number to press a button, or \"quit\".");
        var first = await TurnAsync(new ChatTurn { User = user, Conversation = Conversation, Text = "my sessions" }, cancellationToken);
        screen.Show(first);
        await DeliverAsync(cancellationToken);
        while (true)
        {
            if (interactive)
            {
                screen.Prompt($"{user.DisplayName}> ");
            }

            var line = await input.ReadLineAsync(cancellationToken);
            if (line is null || line.Trim().ToLowerInvariant() is "quit" or "exit" or "bye")
            {
                break;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (!interactive)
            {
                screen.Line($"{user.DisplayName}> {line}");
            }

            var turn = int.TryParse(line.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? screen.Choice(number) is { } action
                    ? new ChatTurn { User = user, Conversation = Conversation, Action = new ChatAction(action.Verb, action.Data), TurnId = Guid.NewGuid().ToString("N") }
                    : null
                : new ChatTurn { User = user, Conversation = Conversation, Text = line };
            if (turn is null)
            {
                screen.Line($"There is no choice {number} on screen.");
                continue;
            }

            screen.Show(await TurnAsync(turn, cancellationToken));
            await DeliverAsync(cancellationToken);
        }
    }

    private static ChatConversation Conversation => new("console", ChatConversationKind.Personal, "console");

    private async Task<ChatReply> TurnAsync(ChatTurn turn, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var router = scope.ServiceProvider.GetRequiredService<IConversationRouter>();
        return await router.HandleAsync(turn, cancellationToken);
    }

    /// <summary>
    /// Messages queued for this person on the console arrive now; everyone else's wait for them. Looking the person up
    /// creates nobody: after "forget me confirm" they stay forgotten until they type again.
    /// </summary>
    private async Task DeliverAsync(CancellationToken cancellationToken)
    {
        Services.App.Actor? actor;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var people = scope.ServiceProvider.GetRequiredService<Services.App.PeopleService>();
            actor = await people.FindAsync(new Services.App.AccountKey(user.Channel, user.TenantId, user.UserId), cancellationToken);
        }

        if (actor is null)
        {
            return;
        }

        while (await dispatcher.RunOnceAsync(cancellationToken, actor.PersonId) > 0)
        {
        }
    }

    private static (string Name, string Tenant, bool Seed)? ParseArguments(string[] args)
    {
        string? name = null;
        var tenant = "local";
        var seed = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--as" when i + 1 < args.Length:
                    name = args[++i];
                    break;
                case "--org" when i + 1 < args.Length:
                    tenant = args[++i].Trim().ToLowerInvariant();
                    break;
                case "--seed" when i + 1 < args.Length && args[i + 1] == "demo":
                    seed = true;
                    i++;
                    break;
                default:
                    return null;
            }
        }

        return string.IsNullOrWhiteSpace(name) ? null : (name.Trim(), tenant, seed);
    }
}

/// <summary>
/// The terminal: prints replies and delivered messages, and remembers the numbered choices on screen. Delivery may
/// send several messages at once (one per conversation), so each reply is printed whole, under a lock.
/// </summary>
internal sealed class ConsoleScreen(TextWriter? output = null) : IChatSender
{
    private readonly TextWriter writer = output ?? Console.Out;
    private readonly List<CardAction> choices = [];
    private readonly Lock gate = new();

    public string Channel => ChatChannels.Console;

    public void Line(string text)
    {
        lock (gate)
        {
            writer.WriteLine(text);
        }
    }

    public void Prompt(string text)
    {
        lock (gate)
        {
            writer.Write(text);
            writer.Flush();
        }
    }

    public CardAction? Choice(int number)
    {
        lock (gate)
        {
            return number >= 1 && number <= choices.Count ? choices[number - 1] : null;
        }
    }

    public void Show(ChatReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        lock (gate)
        {
            ShowLocked(reply);
        }
    }

    public Task<SendResult> SendAsync(ChatAddress address, ChatReply message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (gate)
        {
            writer.WriteLine();
            writer.WriteLine("📨 A message for you:");
            ShowLocked(message with { Text = null });
        }

        return Task.FromResult(SendResult.Sent($"console:{Guid.NewGuid():N}"));
    }

    private void ShowLocked(ChatReply reply)
    {
        if (reply.IsEmpty)
        {
            return;
        }

        choices.Clear();
        if (reply.Text is { } text)
        {
            writer.WriteLine(PlainTextRenderer.Clean(text));
        }

        // In a terminal "update in place" means printing the card's new state.
        foreach (var card in reply.UpdatedCard is { } updated ? [updated, .. reply.Cards.Where(c => !ReferenceEquals(c, updated))] : reply.Cards)
        {
            var rendered = PlainTextRenderer.Render(card, choices.Count + 1);
            choices.AddRange(rendered.Actions);
            writer.Write(rendered.Text);
        }

        writer.Flush();
    }
}
