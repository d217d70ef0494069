using CoPBot.Services.App;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot.OrganizerPage;

internal static class OrganizerPageHosting
{
    /// <summary>The data protection's own hosted service (internal to ASP.NET Core): it only loads the key ring early.</summary>
    private const string DataProtectionHostedService = "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    /// <summary>What chat needs to hand out sign-in links (the router, in the host and in the console).</summary>
    public static IServiceCollection AddOrganizerSignInLinks(this IServiceCollection services)
    {
        services.AddOptions<OrganizerPageOptions>().BindConfiguration(OrganizerPageOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // One application name, so the console chat and the host (on one machine or sharing KeysDirectory) read each other's links.
        services.AddDataProtection().SetApplicationName("CoPBot");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<OrganizerPageOptions>, ILoggerFactory>((keys, options, loggers) =>
        {
            if (options.Value.KeysDirectory is { Length: > 0 } directory)
            {
                keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(directory), loggers);
            }
        });
        services.AddSingleton<OrganizerSignInLinks>();
        return services;
    }

    /// <summary>The browser session of the organizer page: a cookie for one person, no password.</summary>
    public static IHostApplicationBuilder AddOrganizerPage(this IHostApplicationBuilder builder)
    {
        var loopbackDevelopment = builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing");
        builder.Services.AddAuthentication().AddCookie(OrganizerPageEndpoints.Scheme, cookie =>
        {
            cookie.Cookie.Name = "copbot-organizer";
            cookie.Cookie.Path = OrganizerPageEndpoints.PagePath;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = loopbackDevelopment ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            cookie.SlidingExpiration = false;

            // Never a redirect to a login form: there is none. The endpoints answer 401 / 403 pages themselves.
            cookie.Events.OnRedirectToLogin = context => SetStatus(context.Response, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => SetStatus(context.Response, StatusCodes.Status403Forbidden);
        });
        builder.Services.AddOptions<CookieAuthenticationOptions>(OrganizerPageEndpoints.Scheme)
            .Configure<IOptions<OrganizerPageOptions>, TimeProvider>((cookie, options, clock) =>
            {
                cookie.ExpireTimeSpan = options.Value.SessionLifetime;
                cookie.TimeProvider = clock;
            });

        // Issue 11 (memory): without data protection's hosted service the key ring is read at the first sign-in link
        // or organizer cookie, not at start. Read at start, its XML repository loaded System.Private.Xml and Xml.Linq
        // (3.3 MB resident, plus their JIT code) into every host, most of which never serve an organizer page: idle
        // RSS 196 / 196 MB against 205 / 200 (turn-rate A/B/A/B, with the Npgsql change in CoPBotDbContext.IsPostgres).
        // Removed last, as AddAuthentication adds it again; ProductionFootprintTests guards it.
        foreach (var early in builder.Services.Where(d => d.ImplementationType?.FullName == DataProtectionHostedService).ToList())
        {
            builder.Services.Remove(early);
        }

        return builder;
    }

    private static Task SetStatus(HttpResponse response, int statusCode)
    {
        response.StatusCode = statusCode;
        return Task.CompletedTask;
    }
}
