using CoPBot.Bot.Conversation;
using CoPBot.Bot.Delivery;
using CoPBot.Bot.LocalChat;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Testing;
using StorageProvider = CoPBot.Testing.StorageProvider;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoPBot.Bot.Tests.Conversation;

/// <summary>Check-in in chat (rule 13): one message with the room screen's code, one line back, counted once.</summary>
public sealed class CheckInConversationTests
{
    internal const string Secret = "a-test-secret-for-check-in-codes-in-chat-0123";

    internal static readonly Dictionary<string, string?> WithSecret = new() { ["CheckIn:Secret"] = Secret };

    private static readonly ChatUser Olga = ChatTester.User("Olga");
    private static readonly ChatUser Ana = ChatTester.User("Ana");
    private static readonly ChatUser Ben = ChatTester.User("Ben");

    [Theory]
    [InlineData("here {code}")]
    [InlineData("here idealab {code}")]
    [InlineData("here idealab-1 {code}")]
    [InlineData("checking in {code}")]
    [InlineData("I'm here {code}")]
    [InlineData("I’m here! {code}")]
    [InlineData("check in {code}")]
    [InlineData("check in at idealab, code {code}")]
    [InlineData("/cop here {code}")]
    public async Task Say_CheckInWithTheScreensCode_WelcomedInOneLine(string phrasing)
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName, WithSecret);
        var session = await RoomAsync(chat);

        var reply = await chat.SayAsync(Ana, phrasing.Replace("{code}", CodeNow(chat, session), StringComparison.Ordinal));

        Assert.Equal("Welcome to IdeaLab! You're checked in.", reply.Said());
        Assert.Equal(1, (await CountsAsync(chat, session)).Came);
    }

    [Theory, StorageProviders]
    public async Task Say_CheckInTwice_CountsOnceAndSaysSoKindly(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider, WithSecret);
        var session = await RoomAsync(chat);

        await chat.SayAsync(Ana, $"here {CodeNow(chat, session)}");
        chat.World.Advance(TimeSpan.FromMinutes(1));
        var again = await chat.SayAsync(Ana, $"here {CodeNow(chat, session)}");

        Assert.Equal("You're already checked in to IdeaLab. Welcome!", again.Said());
        Assert.Equal(new CheckInCounts(1, 0, 1), await CountsAsync(chat, session));
    }

    [Theory, StorageProviders]
    public async Task Say_NetworkNameAfterAnEarlierSession_ChecksInToTheOneInTheRoomNow(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider, WithSecret);
        var earlier = await RoomAsync(chat);
        chat.World.Advance(TimeSpan.FromDays(7));
        var now = await chat.World.SessionAsync(await OlgaAsync(chat), "idealab", TimeSpan.FromMinutes(5));

        var reply = await chat.SayAsync(Ana, $"here idealab {CodeNow(chat, now)}");

        Assert.Equal("Welcome to IdeaLab! You're checked in.", reply.Said());
        Assert.Equal(1, (await CountsAsync(chat, now)).Came);
        Assert.Equal(CheckInCounts.None, await CountsAsync(chat, earlier));
    }

    [Theory, StorageProviders]
    public async Task Say_OldOrWrongCode_KindAnswerAndNothingCounted(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider, WithSecret);
        var session = await RoomAsync(chat);
        var codes = chat.World.Services.GetRequiredService<CheckInCodes>();
        var shown = CodeNow(chat, session);
        do
        {
            chat.World.Advance(TimeSpan.FromMinutes(1));
        }
        while (codes.Accepts(session.Id, shown, chat.World.Clock.GetUtcNow()));
        var wrong = Enumerable.Range(0, 3).Select(n => n.ToString("D4", System.Globalization.CultureInfo.InvariantCulture))
            .First(c => !codes.Accepts(session.Id, c, chat.World.Clock.GetUtcNow()));

        var old = await chat.SayAsync(Ana, $"here {shown}");
        var mistyped = await chat.SayAsync(Ben, $"here idealab {wrong}");
        var noCode = await chat.SayAsync(Ben, "I'm here");

        Assert.Contains("changes every minute", old.Said(), StringComparison.Ordinal);
        Assert.Contains("doesn't match IdeaLab", mistyped.Said(), StringComparison.Ordinal);
        Assert.Equal(ConversationRouter.CheckInHowTo, noCode.Said());
        Assert.Equal(CheckInCounts.None, await CountsAsync(chat, session));
    }

    [Theory, StorageProviders]
    public async Task Stats_AfterCheckIns_CountsOnlyNoNames(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider, WithSecret);
        var session = await RoomAsync(chat, startsIn: TimeSpan.FromHours(2));
        await chat.SayAsync(Ana, "join idealab");
        await chat.SayAsync(Ana, "rsvp yes idealab");
        await chat.SayAsync(Ben, "rsvp yes idealab");
        var cleo = ChatTester.User("Cleo");
        await chat.SayAsync(cleo, "rsvp yes idealab");
        chat.World.Advance(TimeSpan.FromHours(2));
        var walkIn = ChatTester.User("Dana");

        await chat.SayAsync(Ana, $"here {CodeNow(chat, session)}");
        await chat.SayAsync(Ben, $"here {CodeNow(chat, session)}");
        await chat.SayAsync(walkIn, $"here {CodeNow(chat, session)}");
        var text = Assert.Single((await chat.SayAsync(Olga, "stats idealab")).Cards);

        Assert.Contains(text.Facts, f => f is { Label: "Came", Value: "3" });
        Assert.Contains(text.Facts, f => f is { Label: "Of them, said yes", Value: "2" });
        Assert.Contains(text.Facts, f => f is { Label: "Walk-ins", Value: "1" });
        foreach (var name in new[] { "Ana", "Ben", "Cleo", "Dana" })
        {
            Assert.DoesNotContain(name, string.Join(' ', text.Facts.Select(f => f.Value)), StringComparison.Ordinal);
        }
    }

    [Theory, StorageProviders]
    public async Task MyDataAndForgetMe_CheckIn_ExportedThenCleared(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider, WithSecret);
        var session = await RoomAsync(chat);
        await chat.SayAsync(Ana, $"here {CodeNow(chat, session)}");

        var export = (await chat.SayAsync(Ana, "my data")).Text;
        await chat.SayAsync(Ana, "forget me confirm");

        Assert.Contains("\"checkIns\"", export, StringComparison.Ordinal);
        Assert.Contains("Prototyping with paper", export, StringComparison.Ordinal);
        Assert.Equal(0, await chat.World.DbAsync(db => db.CheckIns.CountAsync(c => c.PersonId != null, TestWorld.Cancellation)));

        // What stays is a count with nobody behind it.
        Assert.Equal(1, (await CountsAsync(chat, session)).Came);
    }

    [Fact]
    public async Task ConsoleChat_HereSessionCode_ChecksInOnTheDemo()
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName, WithSecret);
        await chat.World.InScopeAsync(sp => DemoSeed.EnsureAsync(sp, TestWorld.Cancellation));
        var idealab = await chat.World.DbAsync(db => db.Sessions.Include(s => s.Network).OrderBy(s => s.StartsAt).FirstAsync(s => s.Network!.Handle == "idealab", TestWorld.Cancellation));
        chat.World.AdvanceTo(idealab.StartsAt - TimeSpan.FromMinutes(5));
        var code = chat.World.Services.GetRequiredService<CheckInCodes>().Current(idealab.Id, chat.World.Clock.GetUtcNow());
        var user = new ChatUser(ChatChannels.Console, DemoSeed.CityTenant, ConsoleChat.ConsoleUserId("Sam Rivera"), "Sam Rivera", "Europe/Berlin");
        var console = new ConsoleChat(chat.World.Services.GetRequiredService<IServiceScopeFactory>(),
            chat.World.Services.GetRequiredService<OutboxDispatcher>(), chat.Screen, user, new StringReader($"here {idealab.Network!.Handle}-{idealab.Number} {code}\nquit\n"));

        await console.RunLoopAsync(TestWorld.Cancellation);

        Assert.Contains("Welcome to IdeaLab! You're checked in.", chat.Delivered.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await chat.World.DbAsync(db => db.CheckIns.CountAsync(c => c.SessionId == idealab.Id, TestWorld.Cancellation)));
    }

    /// <summary>Olga's IdeaLab with a session whose room is open (it starts in 10 minutes unless told otherwise).</summary>
    internal static async Task<Services.Views.SessionSummary> RoomAsync(ChatTester chat, TimeSpan? startsIn = null)
    {
        await chat.SayAsync(Olga, "new network IdeaLab; handle: idealab; purpose: Trying ideas out together; cadence: every other month");
        return await chat.World.SessionAsync(await OlgaAsync(chat), "idealab", startsIn ?? TimeSpan.FromMinutes(10));
    }

    private static Task<Actor> OlgaAsync(ChatTester chat) =>
        chat.World.UseAsync<PeopleService, Actor>(p => p.ResolveAsync(new AccountKey(Olga.Channel, Olga.TenantId, Olga.UserId), Olga.DisplayName, null, TestWorld.Cancellation));

    internal static string CodeNow(ChatTester chat, Services.Views.SessionSummary session) =>
        chat.World.Services.GetRequiredService<CheckInCodes>().Current(session.Id, chat.World.Clock.GetUtcNow());

    private static Task<CheckInCounts> CountsAsync(ChatTester chat, Services.Views.SessionSummary session) =>
        chat.World.UseAsync<CheckInService, CheckInCounts>(c => c.CountsAsync(session.Id, TestWorld.Cancellation));
}
