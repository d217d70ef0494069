using System.Security.Claims;
using CoPBot.Services.App;
using Microsoft.AspNetCore.Authentication;
using static CoPBot.Bot.OrganizerPage.HtmlPage;

namespace CoPBot.Bot.OrganizerPage;

/// <summary>
/// The organizer page in the browser. A personal link from chat opens a page with one button; pressing it uses the
/// link (once) and starts a browser session for that person alone. A GET never uses a link, so a chat app fetching a
/// preview of it cannot spend it, and the session cookie (SameSite=Strict) is set by a same-site request.
/// </summary>
internal static partial class OrganizerPageEndpoints
{
    public const string Scheme = "CoPBot.Organizer";
    public const string PagePath = "/organizer";
    public const string SignOutPath = "/organizer/sign-out";
    private const string PersonClaim = "copbot:person";
    private const int MaxFormBytes = 2048;

    public static string RoomPath(Guid sessionId) => $"{PagePath}/room/{sessionId:D}";

    public static WebApplication MapOrganizerPage(this WebApplication app)
    {
        var group = app.MapGroup(PagePath).ExcludeFromDescription();
        group.MapGet("/sign-in", SignInFormAsync);
        group.MapPost("/sign-in", SignInAsync).DisableAntiforgery();
        group.MapPost("/sign-out", (Func<HttpContext, Task<IResult>>)SignOutAsync).DisableAntiforgery();
        group.MapGet("/", DashboardAsync);
        group.MapRoomScreen();
        return app;
    }

    private const string AskAgain = "Ask CoPBot for \u201Cmy organizer page\u201D in chat to get a new link.";

    /// <summary>The page a link opens: nothing is used yet, only checked.</summary>
    private static async Task<IResult> SignInFormAsync(HttpContext context, string? t, OrganizerSignInLinks links, SignInLinkLedger ledger, CancellationToken cancellationToken)
    {
        if (await RefuseAsync(context, t, links) is { } refused)
        {
            return refused;
        }

        if (await ledger.WasUsedAsync(links.Read(t)!.Id, cancellationToken))
        {
            return Used(context);
        }

        return Render(context, StatusCodes.Status200OK, "Open your organizer page",
            "<main id=\"main\"><h1>Your organizer page</h1><p>This link is yours alone and works once.</p>" +
            $"<form method=\"post\" action=\"{OrganizerSignInLinks.SignInPath}\"><input type=\"hidden\" name=\"t\" value=\"{Encode(t)}\">" +
            "<button class=\"primary\" type=\"submit\">Open my organizer page</button></form></main>");
    }

    /// <summary>Uses the link and starts the browser session.</summary>
    private static async Task<IResult> SignInAsync(HttpContext context, OrganizerSignInLinks links, SignInLinkLedger ledger, OrganizerDashboardService dashboards, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // A sign-in is only ever posted by the page above: another site cannot post one (nor sign a browser in as someone else).
        if (context.Request.Headers["Sec-Fetch-Site"] is [{ } site] && site is not ("same-origin" or "none"))
        {
            return Notice(context, StatusCodes.Status403Forbidden, "Not signed in", AskAgain);
        }

        if (!context.Request.HasFormContentType || context.Request.ContentLength is not (> 0 and <= MaxFormBytes))
        {
            return Notice(context, StatusCodes.Status400BadRequest, "Not signed in", AskAgain);
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        string? token = form["t"];
        if (await RefuseAsync(context, token, links) is { } refused)
        {
            return refused;
        }

        var link = links.Read(token)!;
        if (!await ledger.TryUseAsync(link.Id, link.ExpiresAt, cancellationToken))
        {
            return Used(context);
        }

        if (!await dashboards.IsOrganizerAsync(link.PersonId, cancellationToken))
        {
            return Notice(context, StatusCodes.Status403Forbidden, "Nothing to show", "The organizer page is for people who organize a network.");
        }

        var identity = new ClaimsIdentity([new Claim(PersonClaim, link.PersonId.ToString("D"))], Scheme);
        await context.SignInAsync(Scheme, new ClaimsPrincipal(identity));
        LogSignedIn(loggers.CreateLogger(typeof(OrganizerPageEndpoints).FullName!));
        context.Response.Headers.Location = PagePath + "/";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(Scheme);
        return Notice(context, StatusCodes.Status200OK, "Signed out", "You can close this page. " + AskAgain);
    }

    private static async Task<IResult> DashboardAsync(HttpContext context, OrganizerDashboardService dashboards, CancellationToken cancellationToken)
    {
        if (await SignedInAsync(context) is not { } personId)
        {
            return NotSignedIn(context);
        }

        var dashboard = await dashboards.ForAsync(personId, cancellationToken);
        if (dashboard is null || dashboard.Networks.Count == 0)
        {
            return Notice(context, StatusCodes.Status403Forbidden, "Nothing to show", "The organizer page is for people who organize a network.");
        }

        return Render(context, StatusCodes.Status200OK, "Organizer page", DashboardHtml.Body(dashboard));
    }

    /// <summary>The person this browser is signed in as, or null.</summary>
    internal static async Task<Guid?> SignedInAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(Scheme);
        return result.Succeeded && Guid.TryParse(result.Principal.FindFirstValue(PersonClaim), out var personId) ? personId : null;
    }

    internal static IResult NotSignedIn(HttpContext context) =>
        Notice(context, StatusCodes.Status401Unauthorized, "Please sign in", AskAgain);

    /// <summary>The refusal for a link that is malformed, tampered with, expired, or another person's in a browser signed in already; null when it may be used.</summary>
    private static async Task<IResult?> RefuseAsync(HttpContext context, string? token, OrganizerSignInLinks links)
    {
        if (links.Read(token) is not { } link)
        {
            return Notice(context, StatusCodes.Status400BadRequest, "This link does not work", "It is not a whole sign-in link from CoPBot. " + AskAgain);
        }

        if (links.IsExpired(link))
        {
            return Notice(context, StatusCodes.Status410Gone, "This link has expired", $"Sign-in links work for {links.Lifetime.TotalMinutes:0} minutes. " + AskAgain);
        }

        if (await SignedInAsync(context) is { } signedIn && signedIn != link.PersonId)
        {
            return Notice(context, StatusCodes.Status403Forbidden, "This link belongs to someone else",
                "This browser is signed in as another person. Each organizer opens their own link, from their own chat with CoPBot.");
        }

        return null;
    }

    private static IResult Used(HttpContext context) =>
        Notice(context, StatusCodes.Status410Gone, "This link was used already", "Each link works once. " + AskAgain);

    [LoggerMessage(EventId = 2060, Level = LogLevel.Information, Message = "An organizer signed in to the organizer page")]
    private static partial void LogSignedIn(ILogger logger);
}
