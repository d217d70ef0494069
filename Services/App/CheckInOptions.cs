namespace CoPBot.Services.App;

/// <summary>
/// The "CheckIn" configuration section. <see cref="Secret"/> keys the rotating codes shown on room screens; every
/// instance of a deployment needs the same one. Without it check-in is off (fails closed), except in Development and
/// the local console, which use <see cref="DevelopmentSecret"/>. Never committed, never logged.
/// </summary>
public sealed class CheckInOptions
{
    public const string Section = "CheckIn";

    /// <summary>The shortest secret accepted: 32 characters (e.g. 24 random bytes in base64).</summary>
    public const int MinimumSecretLength = 32;

    /// <summary>Known to everyone who reads the code, so only for Development and the local console.</summary>
    public const string DevelopmentSecret = "development-only-check-in-secret-never-use-in-production";

    public string? Secret { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(Secret);
}
