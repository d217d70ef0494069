using System.ComponentModel.DataAnnotations;

namespace CoPBot.Bot.Delivery;

/// <summary>The "Delivery" configuration section.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>False leaves sending to another instance (or, in endpoint tests, to the test).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Messages claimed per batch.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>How many conversations are sent to at once (messages to one conversation go one after another).</summary>
    [Range(1, 256)]
    public int MaxParallelSends { get; set; } = 16;

    /// <summary>How long a claim holds a message; a process that dies loses its claims after this.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a send waits for a rate-limit permit; when none comes sooner the message is put back with a short
    /// not-before instead of holding its lease (zero: never wait).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxPermitWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The pause when nothing was due.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromSeconds(2);
}
