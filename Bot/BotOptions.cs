namespace CoPBot.Bot;

/// <summary>The "Bot" configuration section.</summary>
public sealed class BotOptions
{
    public const string Section = "Bot";

    /// <summary>The public address of this host, for links in cards (the personal calendar file). Optional.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>Do the first request's slow one-time work at start-up, before the server listens (StartupWarmUp).</summary>
    public bool WarmUpOnStart { get; set; } = true;

    /// <summary>Give memory back to the system when the host goes quiet after work (IdleMemoryTrim).</summary>
    public bool TrimWhenIdle { get; set; } = true;

    /// <summary>
    /// How long the bot remembers what it last showed a person in a conversation, so that "yes" or "who's going?"
    /// refers to it. Expired memories are deleted by housekeeping.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan ContextLifetime { get; set; } = Services.App.ConversationMemory.DefaultLifetime;
}
