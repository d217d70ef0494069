namespace CoPBot.Bot;

/// <summary>The "Bot" configuration section.</summary>
public sealed class BotOptions
{
    public const string Section = "Bot";

    /// <summary>The public address of this host, for links in cards (the personal calendar file). Optional.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>Do the first request's slow one-time work at start-up, before the server listens (StartupWarmUp).</summary>
    public bool WarmUpOnStart { get; set; } = true;
}
