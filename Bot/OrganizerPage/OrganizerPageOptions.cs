using System.ComponentModel.DataAnnotations;

namespace CoPBot.Bot.OrganizerPage;

/// <summary>The "OrganizerPage" configuration section.</summary>
public sealed class OrganizerPageOptions
{
    public const string Section = "OrganizerPage";

    /// <summary>How long a personal sign-in link works after it was given in chat (it works once).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the browser session a link starts lasts; then the organizer asks for a new link.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// A folder for the Data Protection keys that sign the links and the session cookie. Several instances (and the
    /// console chat beside the host) must share one; unset, each user's default key folder is used.
    /// </summary>
    public string? KeysDirectory { get; set; }
}
