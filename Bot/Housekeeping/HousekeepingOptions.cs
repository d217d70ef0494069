using System.ComponentModel.DataAnnotations;
using CoPBot.Services.App;

namespace CoPBot.Bot.Housekeeping;

/// <summary>The "Housekeeping" configuration section: the time-based rules' loop (offers, ledger and outbox retention).</summary>
public sealed class HousekeepingOptions
{
    public const string Section = "Housekeeping";

    /// <summary>False leaves housekeeping to another instance (or, in endpoint tests, to the test).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The time between passes: also how late, at most, an expired offer passes to the next person waiting.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a handled turn is remembered: longer than the platforms redeliver (Slack within minutes).</summary>
    [Range(typeof(TimeSpan), "00:10:00", "30.00:00:00")]
    public TimeSpan TurnRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Days sent and withdrawn outbox messages and finished delivery runs are kept. At least 7: the weekly cap counts
    /// the invitations of the last seven days (rows of sessions still to come are kept whatever this says).
    /// </summary>
    [Range(7, 3650)]
    public int OutboxRetentionDays { get; set; } = 30;

    public HousekeepingPolicy Policy => new(TurnRetention, TimeSpan.FromDays(OutboxRetentionDays));
}
