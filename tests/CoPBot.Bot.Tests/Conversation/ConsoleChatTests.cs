using CoPBot.Bot.Conversation;
using CoPBot.Bot.Delivery;
using CoPBot.Bot.LocalChat;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoPBot.Bot.Tests.Conversation;

public sealed class ConsoleChatTests
{
    /// <summary>The scripted console: a newcomer joins the demo IdeaLab, gets the invitation, says no, changes their mind, asks who.</summary>
    [Fact]
    public async Task ScriptedChat_OnTheDemo_JoinDeclineChangeMindAndWho()
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);
        await chat.World.InScopeAsync(sp => DemoSeed.EnsureAsync(sp, TestWorld.Cancellation));
        await chat.World.InScopeAsync(sp => DemoSeed.EnsureAsync(sp, TestWorld.Cancellation)); // safe to repeat
        var script = new StringReader("join idealab\n1\nno\nwho is going to idealab\n42\nquit\n");
        var user = new ChatUser(ChatChannels.Console, DemoSeed.CityTenant, ConsoleChat.ConsoleUserId("Sam Rivera"), "Sam Rivera", "Europe/Berlin");
        var console = new ConsoleChat(chat.World.Services.GetRequiredService<IServiceScopeFactory>(),
            chat.World.Services.GetRequiredService<OutboxDispatcher>(), chat.Screen, user, script);

        await console.RunLoopAsync(TestWorld.Cancellation);

        var text = chat.Delivered.ToString();
        Assert.Contains("You're in IdeaLab.", text, StringComparison.Ordinal);
        Assert.Contains("📨 A message for you:", text, StringComparison.Ordinal);
        Assert.Contains("Maria Lopez invites you", text, StringComparison.Ordinal);
        Assert.Contains("No problem, thanks for letting us know.", text, StringComparison.Ordinal);
        Assert.Contains("You're going. Changed your mind? That's fine too.", text, StringComparison.Ordinal); // choice [1] on the delivered invitation is Accept
        Assert.Contains("Grace Kim", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Tom Becker", text, StringComparison.Ordinal); // declined in the demo: never shown
        Assert.Contains("There is no choice 42 on screen.", text, StringComparison.Ordinal);
    }

    /// <summary>After "forget me confirm" the person stays forgotten: nobody is created again until they type again.</summary>
    [Fact]
    public async Task ForgetMeConfirm_ThenNothingTyped_PersonIsNotCreatedAgain()
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);
        var user = new ChatUser(ChatChannels.Console, DemoSeed.CityTenant, ConsoleChat.ConsoleUserId("Sam Rivera"), "Sam Rivera", "Europe/Berlin");
        var console = new ConsoleChat(chat.World.Services.GetRequiredService<IServiceScopeFactory>(),
            chat.World.Services.GetRequiredService<OutboxDispatcher>(), chat.Screen, user, new StringReader("forget me confirm\n"));

        await console.RunLoopAsync(TestWorld.Cancellation);

        Assert.Contains("CoPBot has forgotten you", chat.Delivered.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await chat.World.DbAsync(db => db.Accounts.CountAsync(a => a.UserId == user.UserId, TestWorld.Cancellation)));
        Assert.Equal(0, await chat.World.DbAsync(db => db.People.CountAsync(TestWorld.Cancellation)));
    }
}
