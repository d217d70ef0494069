using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CoPBot.Bot;

/// <summary>
/// CoPBot's own OpenTelemetry signals: the meter "CoPBot" (turns, deliveries by channel and outcome, retries, 429s,
/// dead letters, outbox depth) and the activity source "CoPBot" (a span per turn and per delivery). Tags carry
/// channels, kinds and outcomes only, never people or text.
/// </summary>
internal sealed class CoPBotTelemetry
{
    public const string Name = "CoPBot";

    /// <summary>Spans for turns and deliveries.</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _turns;
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _unconfirmed;
    private long _queueDepth = -1;

    public CoPBotTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(Name);
        _turns = meter.CreateCounter<long>("copbot.turns", "{turn}", "Chat turns handled.");
        _deliveries = meter.CreateCounter<long>("copbot.deliveries", "{message}", "Outbox messages handled, by channel and outcome.");
        _retries = meter.CreateCounter<long>("copbot.delivery.retries", "{message}", "Sends that will be tried again (429s included).");
        _rateLimited = meter.CreateCounter<long>("copbot.delivery.rate_limited", "{response}", "\"Too many requests\" answers from a platform.");
        _deadLetters = meter.CreateCounter<long>("copbot.delivery.dead_letters", "{message}", "Messages given up on.");
        _unconfirmed = meter.CreateCounter<long>("copbot.delivery.unconfirmed_resends", "{message}",
            "Messages sent again after an attempt without an answer, on a platform that cannot say whether the first arrived.");
        meter.CreateObservableGauge("copbot.outbox.depth", () => Interlocked.Read(ref _queueDepth) is var depth and >= 0 ? [new Measurement<long>(depth)] : Array.Empty<Measurement<long>>(),
            "{message}", "Outbox messages waiting to be sent.");
    }

    public void Turn(string channel) => _turns.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void Delivery(string channel, string outcome) =>
        _deliveries.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("outcome", outcome));

    public void Retry(string channel) => _retries.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void RateLimited(string channel) => _rateLimited.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void DeadLetter(string channel) => _deadLetters.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void SentAgainUnchecked(string channel) => _unconfirmed.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void QueueDepth(long depth) => Interlocked.Exchange(ref _queueDepth, depth);
}
