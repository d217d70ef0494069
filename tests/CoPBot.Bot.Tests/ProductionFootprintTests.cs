using System.Globalization;
using System.Text.RegularExpressions;
using CoPBot.Bot.Tests.EndToEnd;
using CoPBot.Testing;

namespace CoPBot.Bot.Tests;

/// <summary>
/// Issue 11 (memory): what the published host loads in Production, as its own process after a turn. Each assembly
/// kept out is resident memory (and JIT code) a chat host does not need; these would come back silently.
/// </summary>
public sealed partial class ProductionFootprintTests
{
    [Theory, StorageProviders]
    public async Task ProductionHost_AfterATurn_HasNotLoadedXmlNorTheOtherDatabaseProvider(string provider)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Reads the process's mappings from /proc.");
        await using var database = StorageProvider.Create(provider);
        var connectionString = await database.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        await using var bot = await BotProcess.StartAsync(SlackBotProcess.Environment(provider, connectionString), TimeSpan.FromSeconds(30));

        await SlackBotProcess.SendAsync(bot.Address, SlackBotProcess.Command(new SlackPerson("U0FOOT", "Footprint Tester"), "new network IdeaLab; handle: idealab", "footprint.1"));

        var mapped = bot.MappedFiles();
        Assert.Contains("CoPBot.Services.dll", mapped);

        var sqlite = provider == StorageProvider.SqliteName;
        if (sqlite)
        {
            // Data protection's key ring (XML files) is read at the first organizer sign-in, not at start. (On PostgreSQL
            // the Npgsql provider loads System.Private.Xml itself, so this is seen on SQLite alone.)
            Assert.DoesNotContain("System.Private.Xml.dll", mapped);
            Assert.DoesNotContain("System.Private.Xml.Linq.dll", mapped);
        }

        var otherProvider = sqlite ? "Npgsql.EntityFrameworkCore.PostgreSQL.dll" : "Microsoft.EntityFrameworkCore.Sqlite.dll";
        Assert.DoesNotContain(otherProvider, mapped);
    }

    [Fact]
    public async Task ProductionHost_QuietAfterStartUp_GivesMemoryBack()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "malloc_trim and the working set as Linux reports them.");
        await using var database = StorageProvider.Create(StorageProvider.SqliteName);
        var connectionString = await database.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var environment = SlackBotProcess.Environment(StorageProvider.SqliteName, connectionString);
        environment["Logging__LogLevel__CoPBot.Bot.IdleMemoryTrim"] = "Debug";
        await using var bot = await BotProcess.StartAsync(environment, TimeSpan.FromSeconds(30));

        // Start-up's one-time work (migrations, the EF model, the warm-up) leaves garbage; the first quiet tick trims it.
        var trimmed = await bot.WaitForLineAsync(Trimmed(), TimeSpan.FromSeconds(30));

        var before = int.Parse(trimmed.Groups["before"].Value, CultureInfo.InvariantCulture);
        var after = int.Parse(trimmed.Groups["after"].Value, CultureInfo.InvariantCulture);
        Assert.True(after < before, $"Working set {before} MB before the trim, {after} MB after.");
    }

    [GeneratedRegex(@"memory trimmed in \d+ ms, working set (?<before>\d+) MB -> (?<after>\d+) MB")]
    private static partial Regex Trimmed();
}
