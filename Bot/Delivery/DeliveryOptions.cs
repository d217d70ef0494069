using System.ComponentModel.DataAnnotations;

namespace CoPBot.Bot.Delivery;

/// <summary>The "Delivery" configuration section.</summary>
public sealed class DeliveryOptions : IValidatableObject
{
    public const string Section = "Delivery";

    /// <summary>False leaves sending to another instance (or, in endpoint tests, to the test).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Messages claimed per batch (shared out between live dispatchers). Between two batches nothing is sent while
    /// the last conversations finish and the next claim is made, so a batch holds about four seconds of a Teams
    /// tenant's rate: with 50 the fan-out lost a twentieth of it to those pauses.
    /// </summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>How many conversations are sent to at once (messages to one conversation go one after another).</summary>
    [Range(1, 256)]
    public int MaxParallelSends { get; set; } = 16;

    /// <summary>
    /// How long a claim holds a message without a heartbeat: each beat extends the claims a running dispatcher holds,
    /// so a process that dies loses its claims after this and another instance sends them.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How often a running dispatcher says it is alive. Instances silent for three beats no longer count when the live
    /// ones share each tenant's rate limit; a new instance waits one beat before sending, so the others have seen it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a send waits for a rate-limit permit; when none comes sooner the message is put back with a short
    /// not-before instead of holding its lease (zero: never wait).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxPermitWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The pause when nothing was due.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an instance counts as live after its last beat.</summary>
    public TimeSpan LiveFor => Heartbeat * 3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Lease < LiveFor)
        {
            yield return new ValidationResult(
                "Delivery:Lease must be at least three heartbeats (Delivery:Heartbeat × 3), or running dispatchers would lose their claims between beats.",
                [nameof(Lease), nameof(Heartbeat)]);
        }
    }
}
