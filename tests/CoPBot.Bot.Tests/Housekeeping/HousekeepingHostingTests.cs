using CoPBot.Bot.Housekeeping;
using CoPBot.Cards.Builders;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Views;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot.Tests.Housekeeping;

/// <summary>The web host runs housekeeping: registered, its settings validated at start-up, a pass that runs.</summary>
public sealed class HousekeepingHostingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Host_RegistersTheHousekeepingLoop_AndAPassRunsOnItsDatabase()
    {
        using var storage = new TestStorage();
        await using var host = Host(storage.Settings());

        var service = Assert.Single(host.Services.GetServices<IHostedService>().OfType<HousekeepingHostedService>());
        var report = await service.RunOnceAsync(host.Services.GetRequiredService<IOptions<HousekeepingOptions>>().Value.Policy, Ct);

        Assert.NotNull(report);
        Assert.False(report.WasSkipped);
    }

    [Theory]
    [InlineData("Housekeeping:OutboxRetentionDays", "3")]
    [InlineData("Housekeeping:Interval", "00:00:00")]
    [InlineData("Housekeeping:TurnRetention", "00:01:00")]
    public async Task Host_SettingOutOfRange_FailsAtStartUp(string key, string value)
    {
        using var storage = new TestStorage();
        var settings = new Dictionary<string, string?>(storage.Settings()) { [key] = value };
        await using var host = Host(settings);

        var failure = Record.Exception(() => host.Services);

        Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains(key.Split(':')[1], failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cards_OfferThatExpired_SayItWentToTheNextPersonAndOfferNoButtons()
    {
        var summary = new SessionSummary
        {
            Id = Guid.NewGuid(), Reference = "idealab-1", Title = "Prototyping", NetworkName = "IdeaLab", NetworkHandle = "idealab",
            StartsAt = new DateTime(2027, 3, 8, 10, 0, 0, DateTimeKind.Utc), EndsAt = new DateTime(2027, 3, 8, 11, 30, 0, DateTimeKind.Utc),
            TimeZoneId = "UTC", Room = "4B", Capacity = 2, Going = 1, Offered = 1, OrganizerName = "Olga", Status = SessionStatus.Scheduled,
            MyAnswer = Answer.None, OfferExpired = true, OfferExpiresAt = new DateTime(2027, 3, 2, 10, 0, 0, DateTimeKind.Utc), ReaderTimeZoneId = "UTC",
        };

        var offer = SessionCards.Offer(summary);
        var list = SessionCards.List("My sessions", [summary], "none");

        Assert.Empty(offer.Actions);
        Assert.Contains("gone to the next person", offer.Status, StringComparison.Ordinal);
        Assert.DoesNotContain("held for you", offer.Status, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("offer expired", Assert.Single(Assert.Single(list.Sections).Items).Detail, StringComparison.Ordinal);
    }

    private static WebApplicationFactory<Program> Host(IReadOnlyDictionary<string, string?> settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
        });
}
