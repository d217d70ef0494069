using CoPBot.Bot.Conversation;
using CoPBot.Bot.OrganizerPage;
using CoPBot.Bot.Tests.Conversation;
using CoPBot.Services.App;
using CoPBot.Services.Views;
using CoPBot.Testing;
using Microsoft.Playwright;

namespace CoPBot.Bot.Tests.OrganizerPage;

/// <summary>
/// An organizer (Maria, who runs IdeaLab), the chat that gives her links, and the host her browser opens them on.
/// People and sessions are made through the services; the links come from chat, as an organizer gets them.
/// </summary>
internal sealed class OrganizerPageWorld : IAsyncDisposable
{
    public static readonly ChatUser Maria = ChatTester.User("Maria Lopez");

    private OrganizerPageWorld(ChatTester chat, OrganizerPageHost host, Actor organizer)
    {
        Chat = chat;
        Host = host;
        Organizer = organizer;
    }

    public ChatTester Chat { get; }

    public OrganizerPageHost Host { get; }

    /// <summary>Maria, organizer of IdeaLab.</summary>
    public Actor Organizer { get; }

    public TestWorld World => Chat.World;

    public static async Task<OrganizerPageWorld> CreateAsync(string provider = Testing.StorageProvider.SqliteName)
    {
        var chat = await ChatTester.CreateAsync(provider, OrganizerPageHost.SharedSettings());
        try
        {
            var organizer = await ActorOfAsync(chat, Maria);
            await chat.World.NetworkAsync(organizer, "IdeaLab", handle: "idealab");
            return new OrganizerPageWorld(chat, OrganizerPageHost.Start(chat), organizer);
        }
        catch
        {
            await chat.DisposeAsync();
            throw;
        }
    }

    /// <summary>The person behind a chat user (created on first use, as their first message would).</summary>
    public static Task<Actor> ActorOfAsync(ChatTester chat, ChatUser user) =>
        chat.World.UseAsync<PeopleService, Actor>(people => people.ResolveAsync(new AccountKey(user.Channel, user.TenantId, user.UserId), user.DisplayName, user.TimeZone, TestWorld.Cancellation));

    /// <summary>Asks for "my organizer page" in chat and returns the link in the reply, on the test host.</summary>
    public async Task<Uri> LinkAsync(ChatUser user)
    {
        var reply = await Chat.SayAsync(user, "my organizer page");
        var url = reply.Text?.Split([' ', '\n']).FirstOrDefault(w => w.StartsWith("https://", StringComparison.Ordinal));
        Assert.True(url is not null, $"No link in the reply: {reply.Text}");
        return Host.Local(new Uri(url));
    }

    /// <summary>Asks for a link in chat, opens it in <paramref name="page"/> and presses its one button, as an organizer does.</summary>
    public async Task SignInAsync(IPage page, ChatUser user) => await SignInAsync(page, await LinkAsync(user));

    /// <summary>
    /// Opens <paramref name="link"/> and presses its one button; returns once the organizer page is the whole document
    /// in the window, or fails with the answer the sign-in ended on. It waits only for what the browser's side decides
    /// (the answer to the press, observed from before the press; the address and the document's state, polled by
    /// Playwright's driver), never with the client's WaitForURLAsync or WaitForLoadStateAsync: those look at the frame's
    /// address and load states and only then listen for their events, and an event delivered by the driver's reader
    /// thread in between is lost for good (microsoft/playwright-dotnet#3364). On two busy cores the organizer page's
    /// "load" arrived in that gap, and WaitForURLAsync waited its 30 s on a page that was already there.
    /// </summary>
    public async Task SignInAsync(IPage page, Uri link)
    {
        var opened = await page.GotoAsync(link.ToString());
        Assert.Equal(200, opened!.Status);

        // The document the press ends on: the organizer page after the sign-in's 303, or the refusal the sign-in answered.
        var ended = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Open my organizer page" }).ClickAsync(),
            response => response.Request.IsNavigationRequest && response.Frame == page.MainFrame && response.Status is < 300 or >= 400);
        var organizerPage = Page(OrganizerPageEndpoints.PagePath + "/").ToString();
        Assert.True(ended.Status == 200 && ended.Url == organizerPage && ended.Request.RedirectedFrom?.Method == "POST",
            $"The sign-in ended on {ended.Request.Method} {ended.Url} with {ended.Status}: {await ended.TextAsync()}");

        await Assertions.Expect(page).ToHaveURLAsync(organizerPage);
        await Assertions.Expect(page.Locator("html")).ToHaveJSPropertyAsync("ownerDocument.readyState", "complete");
    }

    public Uri Page(string path) => new(Host.BaseAddress, path);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Chat.DisposeAsync();
    }
}
