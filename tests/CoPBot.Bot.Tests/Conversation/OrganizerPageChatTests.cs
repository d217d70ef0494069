using CoPBot.Bot.Conversation;
using CoPBot.Bot.OrganizerPage;
using CoPBot.Services.App;
using CoPBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CoPBot.Bot.Tests.Conversation;

/// <summary>"my organizer page" in chat: a personal link for organizers, in private only; a kind line for everyone else.</summary>
public sealed class OrganizerPageChatTests
{
    private static readonly ChatUser Maria = ChatTester.User("Maria Lopez");
    private static readonly ChatUser Sam = ChatTester.User("Sam Rivera");

    [Theory, StorageProviders]
    public async Task Organizer_InTheirOwnChat_GetsAShortLivedLinkForThemselves(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await ConversationRouterTests.OrganizerSetsUpIdeaLabAsync(chat);

        var reply = await chat.SayAsync(Maria, "can you give me my organizer page please");

        Assert.True(reply.Private, reply.Text);
        var url = Assert.Single(reply.Text!.Split([' ', '\n']), w => w.StartsWith("https://", StringComparison.Ordinal));
        Assert.StartsWith("https://copbot.example.org/organizer/sign-in?t=", url, StringComparison.Ordinal);
        Assert.Contains("works once, and only for the next 10 minutes", reply.Text, StringComparison.Ordinal);
        var link = chat.World.Services.GetRequiredService<OrganizerSignInLinks>().Read(new Uri(url).Query["?t=".Length..]);
        var maria = await chat.World.UseAsync<PeopleService, Actor>(p => p.ResolveAsync(new AccountKey(Maria.Channel, Maria.TenantId, Maria.UserId), Maria.DisplayName, null, TestWorld.Cancellation));
        Assert.Equal(maria.PersonId, link!.PersonId);
        Assert.Equal(chat.World.Now.AddMinutes(10), link.ExpiresAt);

        // Each request is a new link (each works once).
        var again = await chat.SayAsync(Maria, "my organizer page");
        Assert.NotEqual(reply.Text, again.Text);
    }

    [Theory, StorageProviders]
    public async Task Member_WhoOrganizesNothing_GetsAKindLineAndNoLink(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await ConversationRouterTests.OrganizerSetsUpIdeaLabAsync(chat);

        var reply = await chat.SayAsync(Sam, "my organizer page");

        Assert.Equal(ConversationRouter.OrganizerPageOnlyForOrganizers, reply.Text);
        Assert.True(reply.Private);
    }

    [Theory, StorageProviders]
    public async Task Organizer_InAChannel_IsAskedToAskInPrivate(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await ConversationRouterTests.OrganizerSetsUpIdeaLabAsync(chat);

        var reply = await chat.SayAsync(Maria, "my organizer page", ChatConversationKind.Channel);

        Assert.Equal(ConversationRouter.OrganizerPageOnlyInPrivate, reply.Text);
        Assert.DoesNotContain("http", reply.Text, StringComparison.Ordinal);
    }
}
