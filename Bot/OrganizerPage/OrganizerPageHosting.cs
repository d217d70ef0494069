using CoPBot.Services.App;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot.OrganizerPage;

internal static class OrganizerPageHosting
{
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
        return builder;
    }

    private static Task SetStatus(HttpResponse response, int statusCode)
    {
        response.StatusCode = statusCode;
        return Task.CompletedTask;
    }
}
