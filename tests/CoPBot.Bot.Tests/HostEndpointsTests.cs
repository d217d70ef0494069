using System.Net;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CoPBot.Bot.Tests;

/// <summary>The host's own endpoints over real HTTP: health, readiness and the personal calendar files.</summary>
public sealed class HostEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Healthz_AndReadyz_OnAMigratedDatabase_AreOk()
    {
        using var storage = new TestStorage();
        await using var host = Host(storage.Settings());
        using var client = host.CreateClient();

        Assert.Equal("ok", await client.GetStringAsync(new Uri("/healthz", UriKind.Relative), Ct));
        Assert.Equal("ready", await client.GetStringAsync(new Uri("/readyz", UriKind.Relative), Ct));
    }

    [Fact]
    public async Task Calendar_ForAnAcceptedInvitation_IsARequestAndBecomesACancelAfterNo()
    {
        using var storage = new TestStorage();
        await using var host = Host(storage.Settings());
        using var client = host.CreateClient();
        var (person, reference) = await SessionWithAttendeeAsync(host);
        var token = await UseAsync(host, (CoPBotDbContext db) => db.Invitations.Where(i => i.PersonId == person.PersonId).Select(i => i.CalendarToken).SingleAsync(Ct));

        using var accepted = await client.GetAsync(new Uri($"/calendar/{token}.ics", UriKind.Relative), Ct);
        var request = await accepted.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("text/calendar", accepted.Content.Headers.ContentType!.MediaType);
        Assert.Contains("METHOD:REQUEST", request, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Prototyping on paper", request, StringComparison.Ordinal);

        await UseAsync(host, (SessionService sessions) => sessions.RsvpAsync(person, reference, yes: false, Ct));
        var cancel = await client.GetStringAsync(new Uri($"/calendar/{token}.ics", UriKind.Relative), Ct);
        Assert.Contains("METHOD:CANCEL", cancel, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("not-a-token")]
    [InlineData("..%2F..%2Fappsettings")]
    public async Task Calendar_UnknownOrMalformedToken_Is404(string token)
    {
        using var storage = new TestStorage();
        await using var host = Host(storage.Settings());
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri($"/calendar/{token}.ics", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static WebApplicationFactory<Program> Host(IReadOnlyDictionary<string, string?> settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
        });

    private static async Task<(Actor Person, string Reference)> SessionWithAttendeeAsync(WebApplicationFactory<Program> host)
    {
        var organizer = await UseAsync(host, (PeopleService people) => people.ResolveAsync(new AccountKey("console", "local", "maria"), "Maria Lopez", "Europe/Berlin", Ct));
        var person = await UseAsync(host, (PeopleService people) => people.ResolveAsync(new AccountKey("console", "local", "sam"), "Sam Rivera", "Europe/Berlin", Ct));
        await UseAsync(host, (NetworkService networks) => networks.CreateAsync(organizer, new NetworkDraft("IdeaLab", "idealab"), Ct));
        await UseAsync(host, (NetworkService networks) => networks.JoinAsync(person, "idealab", MembershipLevel.Invitations, Ct));
        var session = await UseAsync(host, (SessionService sessions) => sessions.ScheduleAsync(organizer, "idealab", new SessionDraft
        {
            Title = "Prototyping on paper",
            StartsAt = DateTime.UtcNow.AddDays(7),
            Duration = TimeSpan.FromMinutes(90),
            TimeZoneId = "Europe/Berlin",
            Room = "Room 4B",
        }, Ct));
        await UseAsync(host, (SessionService sessions) => sessions.RsvpAsync(person, session.Reference, yes: true, Ct));
        return (person, session.Reference);
    }

    private static async Task<T> UseAsync<TService, T>(WebApplicationFactory<Program> host, Func<TService, Task<T>> work)
        where TService : notnull
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
