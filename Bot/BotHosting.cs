using CoPBot.Bot.Conversation;
using CoPBot.Bot.Delivery;
using CoPBot.Bot.Housekeeping;
using CoPBot.Bot.OrganizerPage;
using CoPBot.Services;
using CoPBot.Services.App;
using CoPBot.Services.Calendar;
using CoPBot.Services.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot;

internal static class BotHosting
{
    /// <summary>The platform-neutral bot: services, storage, the router and delivery.</summary>
    public static IHostApplicationBuilder AddCoPBot(this IHostApplicationBuilder builder)
    {
        builder.Services.AddCoPBotServices();
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.UseDevelopmentCheckInSecret();
        }

        builder.Services.AddConversationAndDelivery();
        builder.Services.AddHostedService<StartupWarmUp>();
        builder.AddCoPBotTelemetry();
        return builder;
    }

    /// <summary>The router, the outbox composer and dispatcher, on top of Services (AddCoPBotServices).</summary>
    public static IServiceCollection AddConversationAndDelivery(this IServiceCollection services)
    {
        services.AddOptions<BotOptions>().BindConfiguration(BotOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOrganizerSignInLinks();
        services.AddScoped<ConversationRouter>();
        services.AddScoped<IConversationRouter>(sp => new TracedConversationRouter(sp.GetRequiredService<ConversationRouter>(), sp.GetRequiredService<CoPBotTelemetry>()));
        services.AddScoped<OutboxComposer>();
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton<CoPBotTelemetry>();
        services.TryAddSingleton<DeliveryRateLimits>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<Rooms.CheckInLinks>();
        return services;
    }

    /// <summary>
    /// Room check-in codes keyed by the well-known development secret when none is configured: Development and the
    /// local console only, where nobody outside can reach the bot. Elsewhere check-in stays off without a secret.
    /// </summary>
    public static IServiceCollection UseDevelopmentCheckInSecret(this IServiceCollection services) =>
        services.PostConfigure<CheckInOptions>(o => o.Secret = string.IsNullOrEmpty(o.Secret) ? CheckInOptions.DevelopmentSecret : o.Secret);

    /// <summary>Sends outbox messages in the background (web host only; the console delivers its own).</summary>
    public static IHostApplicationBuilder AddDelivery(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<OutboxDispatcherService>();
        return builder;
    }

    /// <summary>The time-based rules (offers that expire, ledger and outbox retention) in the background (web host only).</summary>
    public static IHostApplicationBuilder AddHousekeeping(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HousekeepingOptions>().BindConfiguration(HousekeepingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<HousekeepingHostedService>();
        return builder;
    }

    /// <summary>Memory given back when the host goes quiet after work (web host only: the console is short-lived).</summary>
    public static IHostApplicationBuilder AddIdleMemoryTrim(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<IdleMemoryTrim>();
        return builder;
    }

    /// <summary>/healthz (alive), /readyz (database reachable and migrated), and the personal calendar files.</summary>
    public static WebApplication MapCoPBot(this WebApplication app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        app.MapGet("/readyz", async Task<IResult> (CoPBotDbContext db, CancellationToken cancellationToken) =>
        {
            try
            {
                var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken);
                return pending.Any()
                    ? TypedResults.Problem("Database migrations are pending.", statusCode: StatusCodes.Status503ServiceUnavailable)
                    : TypedResults.Text("ready");
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
            {
                return TypedResults.Problem("The database is not reachable.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });

        // The link is the secret: 128 random bits per person and session, nothing else in the URL.
        app.MapGet("/calendar/{token}.ics", async Task<IResult> (string token, CoPBotDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            if (token.Length != 32 || !token.All(char.IsAsciiHexDigitLower))
            {
                return TypedResults.NotFound();
            }

            var invitation = await db.Invitations.AsNoTracking().Include(i => i.Session).ThenInclude(s => s!.Organizer).Include(i => i.Person)
                .FirstOrDefaultAsync(i => i.CalendarToken == token, cancellationToken);
            if (invitation?.Session is not { } session || invitation.Person is null)
            {
                return TypedResults.NotFound();
            }

            var cancelled = session.Status == Services.Domain.SessionStatus.Cancelled || invitation.Answer != Services.Domain.Answer.Yes;
            var entry = new CalendarEntry
            {
                Uid = CalendarFile.UidFor(session.Id.ToString(), invitation.PersonId.ToString()),
                Title = session.Title,
                Description = session.Agenda,
                Start = new DateTimeOffset(session.StartsAt, TimeSpan.Zero),
                End = new DateTimeOffset(session.EndsAt, TimeSpan.Zero),
                TimeZoneId = session.TimeZoneId,
                Location = string.Join(", ", new[] { session.Room, session.Address }.Where(s => !string.IsNullOrWhiteSpace(s))),
                OrganizerName = session.Organizer?.DisplayName ?? "CoPBot",
                AttendeeName = invitation.Person.DisplayName,
                Sequence = session.Sequence + (cancelled && session.Status != Services.Domain.SessionStatus.Cancelled ? 1 : 0),
                Cancelled = cancelled,
                Stamp = clock.GetUtcNow(),
            };
            return TypedResults.Text(CalendarFile.Write(entry), CalendarFile.ContentType(entry));
        });
        return app;
    }
}

/// <summary>
/// A configuration that fails its checks (ValidateOnStart, or options read at start-up) ends as one clear line on
/// stderr and exit code 1, not as an unhandled exception (exit 134) with a stack trace.
/// </summary>
internal static class StartupChecks
{
    /// <summary>The line to print when <paramref name="exception"/> is a configuration failure; null for anything else.</summary>
    public static string? Describe(Exception exception)
    {
        var failures = exception switch
        {
            OptionsValidationException single => single.Failures,
            AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) =>
                many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures),
            _ => null,
        };
        return failures is null ? null : "CoPBot cannot start, the configuration is invalid: " + string.Join(" ", failures);
    }
}
