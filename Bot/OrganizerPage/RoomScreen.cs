using System.Text;
using System.Text.Json.Serialization;
using CoPBot.Bot.Rooms;
using CoPBot.Cards.Builders;
using CoPBot.Services.App;
using CoPBot.Services.Views;
using QRCoder;
using static CoPBot.Bot.OrganizerPage.HtmlPage;

namespace CoPBot.Bot.OrganizerPage;

/// <summary>What the room screen's script reads every few seconds: the current code and the QR images that carry it.</summary>
internal sealed record RoomNow(string Code, string Message, IReadOnlyList<string> QrCodes);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RoomNow))]
internal sealed partial class RoomScreenJsonContext : JsonSerializerContext;

/// <summary>
/// The room screen, for the room's display: title, time in the session's own zone, one QR code per chat platform that
/// opens the person's own chat with CoPBot, and the check-in code, which changes every minute (so nobody checks in
/// from their desk). A small script asks for the current code every few seconds; without scripts the page reloads
/// itself. Only the session's organizers' browser session opens it.
/// </summary>
internal static class RoomScreen
{
    /// <summary>How often the screen asks for the current code; well inside the minute a code lives.</summary>
    public const int PollSeconds = 5;

    public static RouteGroupBuilder MapRoomScreen(this RouteGroupBuilder group)
    {
        group.MapGet("/room/{sessionId:guid}", PageAsync);
        group.MapGet("/room/{sessionId:guid}/now", NowAsync);
        group.MapGet("/room/{sessionId:guid}/qr/{index:int}.svg", QrAsync);
        return group;
    }

    private static async Task<IResult> PageAsync(HttpContext context, Guid sessionId, OrganizerDashboardService dashboards, CheckInCodes codes, CheckInLinks links, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await OrganizerPageEndpoints.SignedInAsync(context) is not { } personId)
        {
            return OrganizerPageEndpoints.NotSignedIn(context);
        }

        if (await dashboards.RoomAsync(personId, sessionId, cancellationToken) is not { } room)
        {
            return NoRoom(context);
        }

        var body = new StringBuilder()
            .Append("<main id=\"main\" data-now=\"").Append(OrganizerPageEndpoints.RoomPath(sessionId)).Append("/now\">")
            .Append("<h1>").Append(Encode(room.Title)).Append("</h1>")
            .Append("<p class=\"when\">").Append(Encode(Format.Span(room.StartsAt, room.EndsAt, room.TimeZoneId)))
            .Append(room.Room is { Length: > 0 } where ? " \u00B7 " + Encode(where) : "").Append("</p>");
        if (room.IsCancelled)
        {
            body.Append("<p>This session was cancelled.</p></main>");
            return Render(context, StatusCodes.Status200OK, room.Title, body.ToString(), bodyClass: "room");
        }

        if (!codes.Enabled)
        {
            body.Append("<p>Check-in is switched off on this server (it needs CheckIn:Secret).</p></main>");
            return Render(context, StatusCodes.Status200OK, room.Title, body.ToString(), bodyClass: "room");
        }

        var now = Now(room, codes, links, clock);
        var ways = Ways(room, now.Code, links);
        body.Append("<div class=\"checkin\">");
        for (var i = 0; i < now.QrCodes.Count; i++)
        {
            body.Append("<figure><img data-qr=\"").Append(i).Append("\" src=\"").Append(Encode(now.QrCodes[i]))
                .Append("\" alt=\"QR code: opens your chat with CoPBot in ").Append(Encode(ways[i].Label)).Append("\">")
                .Append("<figcaption>Scan with your phone: ").Append(Encode(ways[i].Label)).Append("</figcaption></figure>");
        }

        body.Append("<div><p>Check-in code</p><p class=\"code\" data-code aria-live=\"polite\">").Append(Encode(now.Code)).Append("</p>")
            .Append("<p>Send CoPBot <kbd data-message>").Append(Encode(now.Message)).Append("</kbd></p>")
            .Append("<p>The code changes every minute.</p></div></div></main>");
        return Render(context, StatusCodes.Status200OK, room.Title, body.ToString(), Poll, "room");
    }

    private static async Task<IResult> NowAsync(HttpContext context, Guid sessionId, OrganizerDashboardService dashboards, CheckInCodes codes, CheckInLinks links, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await RoomForAsync(context, sessionId, dashboards, cancellationToken) is not { } room || !codes.Enabled)
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(Now(room, codes, links, clock), RoomScreenJsonContext.Default.RoomNow);
    }

    private static async Task<IResult> QrAsync(HttpContext context, Guid sessionId, int index, OrganizerDashboardService dashboards, CheckInCodes codes, CheckInLinks links, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await RoomForAsync(context, sessionId, dashboards, cancellationToken) is not { } room || !codes.Enabled)
        {
            return TypedResults.NotFound();
        }

        var ways = Ways(room, codes.Current(room.SessionId, clock.GetUtcNow()), links);
        if (index < 0 || index >= ways.Count)
        {
            return TypedResults.NotFound();
        }

        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(ways[index].Url!.ToString(), QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(8);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Content(svg, "image/svg+xml", Encoding.UTF8);
    }

    /// <summary>The signed-in organizer's room, or null (not signed in, not theirs, no such session): the JSON and images answer 404 alike.</summary>
    private static async Task<RoomSession?> RoomForAsync(HttpContext context, Guid sessionId, OrganizerDashboardService dashboards, CancellationToken cancellationToken) =>
        await OrganizerPageEndpoints.SignedInAsync(context) is { } personId ? await dashboards.RoomAsync(personId, sessionId, cancellationToken) : null;

    /// <summary>The platforms with a link to scan (Teams, Slack), one QR each; the console has only the message to type.</summary>
    private static List<CheckInLink> Ways(RoomSession room, string code, CheckInLinks links) =>
        links.For(room.Reference, code, room.OrganizationSlugs)
            .Where(l => l.Url is not null).DistinctBy(l => l.Label).ToList();

    private static RoomNow Now(RoomSession room, CheckInCodes codes, CheckInLinks links, TimeProvider clock)
    {
        var code = codes.Current(room.SessionId, clock.GetUtcNow());
        var qr = Ways(room, code, links).Select((_, i) => $"{OrganizerPageEndpoints.RoomPath(room.SessionId)}/qr/{i}.svg?c={code}").ToList();
        return new RoomNow(code, CheckInLinks.Message(room.Reference, code), qr);
    }

    private static IResult NoRoom(HttpContext context) =>
        Notice(context, StatusCodes.Status404NotFound, "No room screen here", "Room screens open for the organizers of a session only, from their organizer page.");

    // Reads the current code; updates the code, the message and the QR images only when it changed.
    private static readonly string Poll =
        "(function(){var main=document.getElementById('main');var url=main.getAttribute('data-now');" +
        "function show(d){var c=document.querySelector('[data-code]');if(!d||c.textContent===d.code){return;}c.textContent=d.code;" +
        "document.querySelector('[data-message]').textContent=d.message;" +
        "d.qrCodes.forEach(function(src,i){var img=document.querySelector('[data-qr=\"'+i+'\"]');if(img){img.src=src;}});}" +
        "function tick(){fetch(url,{credentials:'same-origin',cache:'no-store'}).then(function(r){return r.ok?r.json():null;}).then(show).catch(function(){});}" +
        $"setInterval(tick,{PollSeconds * 1000});}})();";
}
