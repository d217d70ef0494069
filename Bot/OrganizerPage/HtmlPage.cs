using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;

namespace CoPBot.Bot.OrganizerPage;

/// <summary>
/// The organizer pages' one layout and one set of response headers: a strict Content-Security-Policy (nothing from
/// elsewhere, the page's own style and script only by a fresh nonce), no caching, no referrer (a sign-in page's
/// address is its secret), no framing. All text put into a page goes through <see cref="Encode"/>.
/// </summary>
internal static class HtmlPage
{
    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>A whole page: <paramref name="body"/> is markup already encoded by the caller.</summary>
    public static IResult Render(HttpContext context, int statusCode, string title, string body, string? script = null, string bodyClass = "page")
    {
        ArgumentNullException.ThrowIfNull(context);
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy =
            $"default-src 'none'; img-src 'self'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; connect-src 'self'; " +
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";

        var html = new StringBuilder(4096)
            .Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"robots\" content=\"noindex\">")
            .Append("<title>").Append(Encode(title)).Append("</title>")
            .Append("<style nonce=\"").Append(nonce).Append("\">").Append(Style).Append("</style>");
        if (script is not null)
        {
            // Without scripts the page still refreshes itself, more slowly.
            html.Append("<noscript><meta http-equiv=\"refresh\" content=\"20\"></noscript>");
        }

        html.Append("</head><body class=\"").Append(bodyClass).Append("\">").Append(body);
        if (script is not null)
        {
            html.Append("<script nonce=\"").Append(nonce).Append("\">").Append(script).Append("</script>");
        }

        html.Append("</body></html>");
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }

    /// <summary>A plain refusal or notice: a heading and one or two lines, with the status it deserves.</summary>
    public static IResult Notice(HttpContext context, int statusCode, string heading, string line) =>
        Render(context, statusCode, heading, $"<main id=\"main\"><h1>{Encode(heading)}</h1><p>{Encode(line)}</p></main>");

    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff;line-height:1.45}" +
        ".page main{max-width:60rem;margin:0 auto;padding:1rem 1.25rem 3rem}" +
        "header{display:flex;justify-content:space-between;align-items:center;padding:.5rem 1.25rem;background:#1d3557;color:#fff}" +
        "header p{margin:0;font-weight:600}" +
        "a{color:#0b5cad}a:focus,button:focus,summary:focus{outline:3px solid #f4a261;outline-offset:2px}" +
        "button{font:inherit;padding:.4rem 1rem;border:2px solid #1d3557;border-radius:.3rem;background:#fff;color:#1d3557;cursor:pointer}" +
        ".primary{background:#1d3557;color:#fff;font-size:1.15rem}" +
        ".skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:#fff;padding:.3rem;z-index:1}" +
        "section{border-top:1px solid #ccd;margin-top:2rem}" +
        "figure{margin:1rem 0}svg{max-width:100%;height:auto}" +
        "table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #bbc;padding:.2rem .6rem;text-align:left}td.n{text-align:right}" +
        ".legend{list-style:none;padding:0;display:flex;gap:1.2rem;flex-wrap:wrap}.key{display:inline-block;width:.9rem;height:.9rem;margin-right:.3rem;vertical-align:middle}" +
        ".k0{background:#1d3557}.k1{background:#2a9d8f}.k2{background:#e76f51}" +
        ".room{background:#0f1b2d;color:#fff;min-height:100vh;display:flex;align-items:center;justify-content:center;text-align:center}" +
        ".room main{padding:2rem}.room h1{font-size:3.2rem;margin:.2rem 0}.room .when{font-size:1.6rem;margin:.2rem 0 1.5rem}" +
        ".checkin{display:flex;gap:3rem;align-items:center;justify-content:center;flex-wrap:wrap}" +
        ".checkin img{background:#fff;padding:1rem;width:20rem;height:20rem}" +
        ".code{font-size:5rem;letter-spacing:.6rem;font-weight:700;margin:.3rem 0;font-variant-numeric:tabular-nums}" +
        ".room kbd{font-size:1.2rem;background:#223;padding:.1rem .4rem;border-radius:.2rem}";
}
