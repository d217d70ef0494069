using System.Net;
using CoPBot.Bot.Tests.Conversation;
using Microsoft.Playwright;

namespace CoPBot.Bot.Tests.OrganizerPage;

/// <summary>
/// Signing in to the organizer page in a real browser (the machine's Chromium): by the personal link from chat, once,
/// within ten minutes, and for its own person only. Refusals are plain pages with a 4xx status.
/// </summary>
[Collection(OneBrowserAtATime.Name)]
public sealed class OrganizerSignInBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignIn_ByLinkFromChat_OpensThePageAndSetsAStrictSessionCookie()
    {
        var browser = chromium.Browser;
        await using var world = await OrganizerPageWorld.CreateAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await world.SignInAsync(page, OrganizerPageWorld.Maria);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Organizer page: Maria Lopez");
        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == "copbot-organizer");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/organizer", cookie.Path);

        // Another browser, without the cookie, is not let in.
        await using var stranger = await browser.NewContextAsync();
        var refused = await (await stranger.NewPageAsync()).GotoAsync(world.Page("/organizer/").ToString());
        Assert.Equal(401, refused!.Status);
    }

    [Fact]
    public async Task Link_UsedOnce_IsRefusedTheSecondTime()
    {
        var browser = chromium.Browser;
        await using var world = await OrganizerPageWorld.CreateAsync();
        var link = await world.LinkAsync(OrganizerPageWorld.Maria);
        await using var first = await browser.NewContextAsync();
        var page = await first.NewPageAsync();
        await world.SignInAsync(page, link);

        // Opened again in another browser (forwarded, or found in a history): refused, and no session starts.
        await using var second = await browser.NewContextAsync();
        var again = await second.NewPageAsync();
        var response = await again.GotoAsync(link.ToString());
        Assert.Equal(410, response!.Status);
        await Assertions.Expect(again.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This link was used already");
        Assert.Empty(await second.CookiesAsync());

        // Posting the used token straight to the sign-in endpoint is refused the same way.
        using var client = new HttpClient { BaseAddress = world.Host.BaseAddress };
        using var form = new FormUrlEncodedContent([new("t", Token(link))]);
        using var replay = await client.PostAsync(new Uri("/organizer/sign-in", UriKind.Relative), form, Ct);
        Assert.Equal(HttpStatusCode.Gone, replay.StatusCode);
        Assert.False(replay.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Link_AfterItsTenMinutes_IsRefusedAsExpired()
    {
        var browser = chromium.Browser;
        await using var world = await OrganizerPageWorld.CreateAsync();
        var link = await world.LinkAsync(OrganizerPageWorld.Maria);

        world.World.Advance(TimeSpan.FromMinutes(10));

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(link.ToString());
        Assert.Equal(410, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This link has expired");
        Assert.Empty(await context.CookiesAsync());
    }

    [Fact]
    public async Task Link_OfSomeoneElse_IsRefusedInABrowserSignedInAsAnotherPerson()
    {
        var browser = chromium.Browser;
        await using var world = await OrganizerPageWorld.CreateAsync();
        var dev = ChatTester.User("Dev Patel");
        await world.World.NetworkAsync(await OrganizerPageWorld.ActorOfAsync(world.Chat, dev), "Facilitation Network", handle: "facilitation");
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await world.SignInAsync(page, OrganizerPageWorld.Maria);

        var devsLink = await world.LinkAsync(dev);
        var response = await page.GotoAsync(devsLink.ToString());

        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This link belongs to someone else");

        // Maria is still Maria, and still sees only her own network.
        await page.GotoAsync(world.Page("/organizer/").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Organizer page: Maria Lopez");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Facilitation Network" })).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("cut")]
    [InlineData("none")]
    public async Task Link_TamperedOrIncomplete_IsRefused(string damage)
    {
        var browser = chromium.Browser;
        await using var world = await OrganizerPageWorld.CreateAsync();
        var token = Token(await world.LinkAsync(OrganizerPageWorld.Maria));
        var broken = damage switch
        {
            "flip" => token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..],
            "cut" => token[..^4],
            _ => "",
        };

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(world.Page($"/organizer/sign-in?t={broken}").ToString());

        Assert.Equal(400, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This link does not work");
        Assert.DoesNotContain("Exception", await page.ContentAsync(), StringComparison.Ordinal);
    }

    private static string Token(Uri link) => link.Query["?t=".Length..];
}
