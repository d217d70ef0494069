using System.Globalization;
using CoPBot.Bot.Tests.Conversation;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Views;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CoPBot.Bot.Tests.OrganizerPage;

/// <summary>
/// The organizer page and the room screen in a real browser (the machine's Chromium): the charts against the
/// database, the room screen's code rotating with the clock, keyboard reach and accessible names.
/// </summary>
[Collection(OneBrowserAtATime.Name)]
public sealed class OrganizerPageBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Charts_ShowEachSessionsCountsAndGroups_AsTheDatabaseHasThem()
    {
        var browser = chromium.Browser;
        await using var world = await OrganizerPageWorld.CreateAsync();
        var (first, second) = await TwoSessionsWithAnswersAndCheckInsAsync(world);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await world.SignInAsync(page, OrganizerPageWorld.Maria);

        var chart = page.GetByRole(AriaRole.Img, new() { Name = "IdeaLab: said yes, came and walk-ins per session" });
        await Assertions.Expect(chart).ToBeVisibleAsync();
        foreach (var session in new[] { first, second })
        {
            var saidYes = await world.World.DbAsync(db => db.Invitations.CountAsync(i => i.SessionId == session.Id && i.Answer == Answer.Yes, Ct));
            var came = await world.World.DbAsync(db => db.CheckIns.CountAsync(c => c.SessionId == session.Id, Ct));
            var walkIns = await world.World.DbAsync(db => db.CheckIns.CountAsync(c => c.SessionId == session.Id && !c.SaidYes, Ct));
            Assert.Equal(saidYes, await BarAsync(chart, session.Reference, "Said yes"));
            Assert.Equal(came, await BarAsync(chart, session.Reference, "Came"));
            Assert.Equal(walkIns, await BarAsync(chart, session.Reference, "Walk-ins"));
        }

        Assert.Equal((10, 6, 8, 1), (await BarAsync(chart, first.Reference, "Said yes"), await BarAsync(chart, second.Reference, "Said yes"),
            await BarAsync(chart, first.Reference, "Came"), await BarAsync(chart, first.Reference, "Walk-ins")));

        // Who said yes, each person once, by group: Finance (2) and HR (1) are too small to show and become "Other".
        var departments = await GroupsAsync(page, "IdeaLab: Who said yes, by department");
        Assert.Equal(new Dictionary<string, int> { ["Parks"] = 4, ["IT"] = 3, [GroupCounts.OtherLabel] = 3 }, departments);
        var organizations = await GroupsAsync(page, "IdeaLab: Who said yes, by organization");
        Assert.Equal(new Dictionary<string, int> { ["City of Riverton"] = 7, ["Lake County"] = 3 }, organizations);
        var people = await world.World.DbAsync(db => db.Invitations.Where(i => i.Answer == Answer.Yes)
            .Select(i => i.PersonId).Distinct().CountAsync(Ct));
        Assert.Equal(people, departments.Values.Sum());
        Assert.DoesNotContain("Finance", await page.ContentAsync(), StringComparison.Ordinal);

        // The table alternative holds the same figures.
        await page.GetByText("The figures as a table").First.ClickAsync();
        var row = page.Locator("#idealab-sessions-table tbody tr").Filter(new() { HasText = first.Reference });
        await Assertions.Expect(row.Locator("td")).ToHaveTextAsync(["10", "8", "1"]);
    }

    [Fact]
    public async Task RoomScreen_ShowsTheCurrentCode_AndItChangesWithTheMinute()
    {
        var browser = chromium.Browser;
        await using var world = await OrganizerPageWorld.CreateAsync();
        var session = await world.World.SessionAsync(world.Organizer, "idealab", TimeSpan.FromMinutes(20), edit: d => d with { TimeZoneId = "America/Chicago" });
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await world.SignInAsync(page, OrganizerPageWorld.Maria);

        await page.GetByRole(AriaRole.Link, new() { NameRegex = new("^Room screen for Prototyping with paper") }).ClickAsync();

        var codes = world.World.Services.GetRequiredService<CheckInCodes>();
        var code = page.Locator("[data-code]");
        var before = codes.Current(session.Id, world.World.Clock.GetUtcNow());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Prototyping with paper");
        await Assertions.Expect(page.Locator(".when")).ToContainTextAsync("America/Chicago");
        await Assertions.Expect(page.Locator(".when")).ToContainTextAsync(TimeZones.ToLocal(session.StartsAt, "America/Chicago").ToString("HH:mm", CultureInfo.InvariantCulture));
        await Assertions.Expect(code).ToHaveTextAsync(before);
        await Assertions.Expect(page.Locator("[data-message]")).ToHaveTextAsync($"here {session.Reference} {before}");
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code: opens your chat with CoPBot in Microsoft Teams" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code: opens your chat with CoPBot in Slack" })).ToBeVisibleAsync();
        var qrBefore = await page.GetByRole(AriaRole.Img, new() { Name = "QR code: opens your chat with CoPBot in Microsoft Teams" }).GetAttributeAsync("src");

        // A minute later the screen's own polling shows the new code, the message and the QR codes that carry it.
        world.World.Advance(TimeSpan.FromMinutes(1));
        var after = codes.Current(session.Id, world.World.Clock.GetUtcNow());
        Assert.NotEqual(before, after);
        await Assertions.Expect(code).ToHaveTextAsync(after, new() { Timeout = (RoomScreenPollSeconds + 10) * 1000 });
        await Assertions.Expect(page.Locator("[data-message]")).ToHaveTextAsync($"here {session.Reference} {after}");
        Assert.NotEqual(qrBefore, await page.GetByRole(AriaRole.Img, new() { Name = "QR code: opens your chat with CoPBot in Microsoft Teams" }).GetAttributeAsync("src"));

        // The code on the screen is one a person in the room can check in with.
        var sam = await world.World.PersonAsync("Sam Rivera");
        var checkIn = await world.World.UseAsync<CheckInService, CheckInResult>(s => s.CheckInAsync(sam, session.Reference, after, Ct));
        Assert.False(checkIn.AlreadyCheckedIn);
    }

    [Fact]
    public async Task RoomScreen_OfAnotherOrganizersSession_IsNotShown()
    {
        var browser = chromium.Browser;
        await using var world = await OrganizerPageWorld.CreateAsync();
        var dev = ChatTester.User("Dev Patel");
        var devActor = await OrganizerPageWorld.ActorOfAsync(world.Chat, dev);
        await world.World.NetworkAsync(devActor, "Facilitation Network", handle: "facilitation");
        var devs = await world.World.SessionAsync(devActor, "facilitation", TimeSpan.FromDays(1));
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await world.SignInAsync(page, OrganizerPageWorld.Maria);

        var screen = await page.GotoAsync(world.Page($"/organizer/room/{devs.Id}").ToString());
        var now = await context.APIRequest.GetAsync(world.Page($"/organizer/room/{devs.Id}/now").ToString());
        var qr = await context.APIRequest.GetAsync(world.Page($"/organizer/room/{devs.Id}/qr/0.svg").ToString());

        Assert.Equal(404, screen!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("No room screen here");
        Assert.Equal(404, now.Status);
        Assert.Equal(404, qr.Status);
    }

    [Fact]
    public async Task OrganizerPage_IsReachableByKeyboard_AndNamedForAssistiveTechnology()
    {
        var browser = chromium.Browser;
        await using var world = await OrganizerPageWorld.CreateAsync();
        await TwoSessionsWithAnswersAndCheckInsAsync(world);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await world.SignInAsync(page, OrganizerPageWorld.Maria);

        var snapshot = await page.Locator("body").AriaSnapshotAsync();
        Assert.Contains("- banner:", snapshot, StringComparison.Ordinal);
        Assert.Contains("- main:", snapshot, StringComparison.Ordinal);
        Assert.Contains("heading \"Organizer page: Maria Lopez\" [level=1]", snapshot, StringComparison.Ordinal);
        Assert.Contains("- heading \"IdeaLab\" [level=2]", snapshot, StringComparison.Ordinal);
        Assert.Contains("- region \"IdeaLab\"", snapshot, StringComparison.Ordinal);
        Assert.Contains("img \"IdeaLab: said yes, came and walk-ins per session\"", snapshot, StringComparison.Ordinal);
        Assert.Contains("img \"IdeaLab: Who said yes, by department\"", snapshot, StringComparison.Ordinal);
        Assert.Contains("img \"IdeaLab: Who said yes, by organization\"", snapshot, StringComparison.Ordinal);
        Assert.Contains("- button \"Sign out\"", snapshot, StringComparison.Ordinal);
        Assert.Matches("link \"Room screen for Prototyping with paper \\(idealab-2\\), [^\"]+\"", snapshot);

        // Tab from the top: the skip link first, then sign out, then on to the room screen link and the tables.
        var reached = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached.Add(await page.EvaluateAsync<string>("() => (document.activeElement.getAttribute('href') ? 'link ' : document.activeElement.tagName.toLowerCase() + ' ') + document.activeElement.textContent.trim()"));
        }

        Assert.Equal("link Skip to the figures", reached[0]);
        Assert.Equal("button Sign out", reached[1]);
        var room = reached.FindIndex(r => r.StartsWith("link Room screen for Prototyping with paper (idealab-2)", StringComparison.Ordinal));
        Assert.True(room > 1, string.Join(" | ", reached));
        Assert.Contains("summary The figures as a table", reached);

        // Enter on the focused room screen link opens it.
        await page.Keyboard.PressAsync("Shift+Tab");
        for (var i = 0; i < 12 && !(await page.EvaluateAsync<string>("() => document.activeElement.textContent")).StartsWith("Room screen", StringComparison.Ordinal); i++)
        {
            await page.Keyboard.PressAsync("Shift+Tab");
        }

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Prototyping with paper");
        var room2 = await page.Locator("body").AriaSnapshotAsync();
        Assert.Contains("img \"QR code: opens your chat with CoPBot in Microsoft Teams\"", room2, StringComparison.Ordinal);
        Assert.Contains("- main:", room2, StringComparison.Ordinal);
    }

    /// <summary>
    /// The README's pictures: the organizer page and a room screen, written to COPBOT_SCREENSHOTS when it names a
    /// folder (`COPBOT_SCREENSHOTS=docs dotnet test ... --filter Screenshots`), else to a temporary folder.
    /// </summary>
    [Fact]
    public async Task Screenshots_OfTheOrganizerPageAndARoomScreen_AreWritten()
    {
        var browser = chromium.Browser;
        var folder = Environment.GetEnvironmentVariable("COPBOT_SCREENSHOTS") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(Path.GetTempPath(), $"copbot-screenshots-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        await using var world = await OrganizerPageWorld.CreateAsync();
        var (_, second) = await TwoSessionsWithAnswersAndCheckInsAsync(world);
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1100, Height = 900 } });
        var page = await context.NewPageAsync();
        await world.SignInAsync(page, OrganizerPageWorld.Maria);

        var organizerPage = Path.Combine(folder, "organizer-page.png");
        await page.ScreenshotAsync(new() { Path = organizerPage, FullPage = true });
        await page.SetViewportSizeAsync(1280, 720);
        await page.GotoAsync(world.Page($"/organizer/room/{second.Id}").ToString());
        await Assertions.Expect(page.Locator("[data-code]")).ToHaveTextAsync(
            world.World.Services.GetRequiredService<CheckInCodes>().Current(second.Id, world.World.Clock.GetUtcNow()));
        var roomScreen = Path.Combine(folder, "room-screen.png");
        await page.ScreenshotAsync(new() { Path = roomScreen });

        foreach (var file in new[] { organizerPage, roomScreen })
        {
            var bytes = await File.ReadAllBytesAsync(file, Ct);
            Assert.True(bytes.Length > 10_000, $"{file} is only {bytes.Length} bytes");
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
    }

    private const int RoomScreenPollSeconds = 5;

    /// <summary>
    /// IdeaLab, opened to the county. Session 1 (past): ten said yes (city: Parks 4, IT 3; county: Finance 2, HR 1),
    /// eight came, one of them a walk-in. Session 2 (upcoming): six said yes.
    /// </summary>
    private static async Task<(SessionSummary First, SessionSummary Second)> TwoSessionsWithAnswersAndCheckInsAsync(OrganizerPageWorld world)
    {
        var w = world.World;
        var people = new List<Actor>();
        foreach (var (department, organization, count) in new[] { ("Parks", TestWorld.City, 4), ("IT", TestWorld.City, 3), ("Finance", TestWorld.County, 2), ("HR", TestWorld.County, 1) })
        {
            for (var i = 0; i < count; i++)
            {
                people.Add(await w.PersonAsync($"{department} Person {i}", department, organization));
            }
        }

        await w.UseAsync<NetworkService, NetworkSummary>(n => n.OpenToPartnerAsync(world.Organizer, "idealab", "county", Ct));
        foreach (var person in people)
        {
            await w.JoinAsync(person, "idealab");
        }

        var first = await w.SessionAsync(world.Organizer, "idealab", TimeSpan.FromDays(1));
        foreach (var person in people)
        {
            await w.RsvpAsync(person, first, yes: true);
        }

        w.AdvanceTo(first.StartsAt);
        var walkIn = await w.PersonAsync("Walk In");
        foreach (var person in people.Take(7).Append(walkIn))
        {
            var code = w.Services.GetRequiredService<CheckInCodes>().Current(first.Id, w.Clock.GetUtcNow());
            await w.UseAsync<CheckInService, CheckInResult>(s => s.CheckInAsync(person, first.Reference, code, Ct));
        }

        w.Advance(TimeSpan.FromDays(1));
        var second = await w.SessionAsync(world.Organizer, "idealab", TimeSpan.FromDays(7));
        foreach (var person in people.Take(6))
        {
            await w.RsvpAsync(person, second, yes: true);
        }

        return (first, second);
    }

    private static async Task<int> BarAsync(ILocator chart, string session, string series) =>
        int.Parse(await chart.Locator($"rect[data-category=\"{session}\"][data-series=\"{series}\"]").GetAttributeAsync("data-value") ?? "-1", CultureInfo.InvariantCulture);

    private static async Task<Dictionary<string, int>> GroupsAsync(IPage page, string chartName)
    {
        var bars = page.GetByRole(AriaRole.Img, new() { Name = chartName }).Locator("rect");
        var groups = new Dictionary<string, int>();
        foreach (var bar in await bars.AllAsync())
        {
            groups[(await bar.GetAttributeAsync("data-category"))!] = int.Parse((await bar.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);
        }

        return groups;
    }
}
