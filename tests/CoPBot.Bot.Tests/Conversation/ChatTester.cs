using CoPBot.Bot.Conversation;
using CoPBot.Bot.Delivery;
using CoPBot.Bot.LocalChat;
using CoPBot.Cards.Views;
using CoPBot.Services.Outbox;
using CoPBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CoPBot.Bot.Tests.Conversation;

/// <summary>
/// The real router on the real services and database (SQLite or PostgreSQL), driven the way a platform would:
/// people type text or press card buttons. Console accounts in the "city" and "county" tenants.
/// </summary>
internal sealed class ChatTester : IAsyncDisposable
{
    private ChatTester(TestWorld world) => World = world;

    public TestWorld World { get; }

    /// <summary>What was delivered to console accounts, as the console prints it.</summary>
    public StringWriter Delivered { get; } = new();

    public ConsoleScreen Screen => screen ??= new ConsoleScreen(Delivered);

    private ConsoleScreen? screen;

    public static async Task<ChatTester> CreateAsync(
        string provider, IDictionary<string, string?>? configuration = null, Action<IServiceCollection>? configureServices = null)
    {
        ChatTester? tester = null;
        var world = await TestWorld.CreateAsync(provider, configuration, configureServices: services =>
        {
            configureServices?.Invoke(services);
            services.AddConversationAndDelivery();
            services.Configure<BotOptions>(o => o.PublicBaseUrl = new Uri("https://copbot.example.org/"));
            services.AddSingleton(_ => tester!.Screen);
            services.AddSingleton<IChatSender>(sp => sp.GetRequiredService<ConsoleScreen>());
        });
        tester = new ChatTester(world);
        return tester;
    }

    public static ChatUser User(string name, string organization = TestWorld.City) =>
        new(ChatChannels.Console, organization, name.ToLowerInvariant(), name, "Europe/Berlin");

    public Task<ChatReply> SayAsync(ChatUser user, string text, ChatConversationKind kind = ChatConversationKind.Personal, string? turnId = null) =>
        TurnAsync(new ChatTurn { User = user, Conversation = Conversation(user, kind), Text = text, TurnId = turnId });

    public Task<ChatReply> PressAsync(ChatUser user, CardAction action, ChatConversationKind kind = ChatConversationKind.Personal, string? turnId = null) =>
        TurnAsync(new ChatTurn { User = user, Conversation = Conversation(user, kind), Action = new ChatAction(action.Verb, action.Data), TurnId = turnId ?? Guid.NewGuid().ToString("N") });

    public async Task<ChatReply> TurnAsync(ChatTurn turn) =>
        await World.InScopeAsync(sp => sp.GetRequiredService<IConversationRouter>().HandleAsync(turn, TestWorld.Cancellation));

    /// <summary>Runs delivery until nothing is due, as the host's dispatcher would.</summary>
    public async Task<int> DeliverAsync()
    {
        var dispatcher = World.Services.GetRequiredService<OutboxDispatcher>();
        var total = 0;
        int handled;
        while ((handled = await dispatcher.RunOnceAsync(TestWorld.Cancellation)) > 0)
        {
            total += handled;
        }

        return total;
    }

    public Task<List<OutboxMessage>> OutboxAsync() => World.OutboxAsync();

    public ValueTask DisposeAsync() => World.DisposeAsync();

    private static ChatConversation Conversation(ChatUser user, ChatConversationKind kind) =>
        kind == ChatConversationKind.Personal ? new ChatConversation($"dm-{user.UserId}", kind) : new ChatConversation("channel-general", kind, "General");
}

internal static class ChatReplyReading
{
    /// <summary>What the person reads first: the reply's text and the line of a one-line confirmation card.</summary>
    public static string Said(this ChatReply reply) =>
        string.Join('\n', new[] { reply.Text }.Concat(reply.Cards.Where(c => c.Kind == CardKinds.Confirmation).Select(c => c.Title))
            .Where(s => !string.IsNullOrEmpty(s)));
}
