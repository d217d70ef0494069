using Microsoft.Playwright;

namespace CoPBot.Bot.Tests.OrganizerPage;

/// <summary>
/// The machine's Chromium, driven by Playwright (no browser download: the executable is given). It is found through
/// COPBOT_CHROMIUM, else as chromium, chromium-browser or google-chrome on the PATH. When it is missing the browser
/// tests are reported as skipped, with the reason; in CI (CI=true) they fail instead, so they can never silently not run.
/// One browser per test class; each test gets fresh contexts (no cookies shared between tests).
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string EnvironmentVariable = "COPBOT_CHROMIUM";

    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome"];

    private IPlaywright? playwright;
    private IBrowser? browser;
    private string? missing;

    /// <summary>The launched browser, or the test is skipped (failed in CI) with the reason it is not there.</summary>
    public IBrowser Browser
    {
        get
        {
            if (browser is not null)
            {
                return browser;
            }

            var reason = $"No Chromium to drive: {missing} Install it (Debian: apt-get install chromium) or set {EnvironmentVariable}.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(reason);
            }

            Assert.Skip(reason);
            return null!;
        }
    }

    public async ValueTask InitializeAsync()
    {
        var path = Locate();
        if (path is null)
        {
            missing = $"{EnvironmentVariable} is not set and none of {string.Join(", ", Names)} is on the PATH.";
            return;
        }

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = path, Headless = true });
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
    }

    private static string? Locate()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return Names.SelectMany(name => folders.Select(folder => Path.Combine(folder, name))).FirstOrDefault(File.Exists);
    }
}
