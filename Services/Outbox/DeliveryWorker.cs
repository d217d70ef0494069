namespace CoPBot.Services.Outbox;

/// <summary>
/// One running dispatcher, as the others see it: it beats every few seconds while it runs and is removed when it
/// stops. The live ones share each platform's per-tenant limit between them (two instances each take half), and a
/// beat also extends the leases its dispatcher holds, so leases can be short and a dead instance's messages are
/// taken over soon.
/// </summary>
public sealed class DeliveryWorker
{
    /// <summary>The dispatcher's owner name, the one it writes on its leases.</summary>
    public required string Owner { get; init; }

    /// <summary>The platforms it sends on, comma-separated ("msteams,slack").</summary>
    public required string Channels { get; set; }

    public DateTime StartedAt { get; init; }

    public DateTime HeartbeatAt { get; set; }
}
