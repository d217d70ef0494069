using Microsoft.Extensions.Options;

namespace CoPBot.Bot.Slack;

/// <summary>
/// Configuration section "Slack": the Slack apps this deployment answers for, each with its signing secret and the
/// workspaces it is installed in (one bot token per workspace). An empty list leaves Slack switched off.
/// Secrets come from environment variables or user-secrets (Slack__Apps__0__SigningSecret), never from committed files.
/// </summary>
internal sealed class SlackOptions
{
    public const string SectionName = "Slack";

    public List<SlackAppOptions> Apps { get; set; } = [];

    /// <summary>Slack's Web API base; tests point it at a loopback fake.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>Larger request bodies are refused with 413 before anything reads them.</summary>
    public int MaxRequestBodyBytes { get; set; } = 512 * 1024;

    /// <summary>
    /// How long a slash command or interaction waits for the router before acknowledging and finishing in the
    /// background. Slack allows 3 s for everything, its network path, our routing, binding and writing the answer
    /// included, which this budget does not see: 2 s leaves a second for those on a busy machine (2.5 s did not: a
    /// first /cop under load was answered after 3.6 s).
    /// </summary>
    public TimeSpan AcknowledgeWithin { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest Retry-After the Web API client waits for in-process before handing the wait back to its caller.</summary>
    public TimeSpan MaxRetryAfterWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a call answered with 429 is retried.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>How long one Web API attempt may take; past it the call counts as unanswered.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The slash command the manifest declares; answered when <see cref="Commands"/> is not configured.</summary>
    public const string DefaultCommand = "/cop";

    /// <summary>
    /// The slash command names this deployment answers (as the app's manifest declares them); any other command sent
    /// to /slack/commands gets a short "Unknown command". Not set: <see cref="DefaultCommand"/>. (A list with a default
    /// element would have configured names appended to it, so the default lives in <see cref="AcceptedCommands"/>.)
    /// </summary>
    public List<string>? Commands { get; set; }

    public IReadOnlyList<string> AcceptedCommands => Commands is { Count: > 0 } configured ? configured : [DefaultCommand];

    public bool Accepts(string? command) =>
        command is not null && AcceptedCommands.Any(c => string.Equals(c, command, StringComparison.OrdinalIgnoreCase));

    public bool Enabled => Apps.Count > 0;
}

internal sealed class SlackAppOptions
{
    public string AppId { get; set; } = string.Empty;

    public string SigningSecret { get; set; } = string.Empty;

    public List<SlackInstallationOptions> Installations { get; set; } = [];
}

internal sealed class SlackInstallationOptions
{
    public string TeamId { get; set; } = string.Empty;

    public string BotToken { get; set; } = string.Empty;

    /// <summary>The bot's own user id in this workspace (optional): its own messages are ignored.</summary>
    public string? BotUserId { get; set; }
}

/// <summary>Checks at start-up that every configured app can verify requests and every installation has a token.</summary>
internal sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        var failures = new List<string>();
        if (!options.ApiBaseUrl.IsAbsoluteUri)
        {
            failures.Add("Slack:ApiBaseUrl must be an absolute URL.");
        }

        if (options.MaxRequestBodyBytes <= 0)
        {
            failures.Add("Slack:MaxRequestBodyBytes must be positive.");
        }

        if (options.AcceptedCommands.Any(c => c is not ['/', _, ..] || c.Any(char.IsWhiteSpace)))
        {
            failures.Add("Slack:Commands must be slash command names such as \"/cop\".");
        }

        for (var i = 0; i < options.Apps.Count; i++)
        {
            var app = options.Apps[i];
            if (string.IsNullOrWhiteSpace(app.AppId))
            {
                failures.Add($"Slack:Apps:{i}:AppId is required.");
            }

            if (string.IsNullOrWhiteSpace(app.SigningSecret))
            {
                failures.Add($"Slack:Apps:{i}:SigningSecret is required (set it through an environment variable or user-secrets).");
            }

            for (var j = 0; j < app.Installations.Count; j++)
            {
                var installation = app.Installations[j];
                if (string.IsNullOrWhiteSpace(installation.TeamId))
                {
                    failures.Add($"Slack:Apps:{i}:Installations:{j}:TeamId is required.");
                }

                if (string.IsNullOrWhiteSpace(installation.BotToken))
                {
                    failures.Add($"Slack:Apps:{i}:Installations:{j}:BotToken is required.");
                }
            }

            if (app.Installations.GroupBy(x => x.TeamId, StringComparer.Ordinal).Any(g => g.Count() > 1))
            {
                failures.Add($"Slack:Apps:{i} lists a workspace twice.");
            }
        }

        if (options.Apps.GroupBy(a => a.AppId, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            failures.Add("Slack:Apps lists an app twice.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>One app installed in one workspace: what a Web API call needs.</summary>
internal sealed record SlackWorkspace(string AppId, string TeamId, string BotToken, string? BotUserId)
{
    /// <summary>Keeps the token out of logs and exception messages.</summary>
    public override string ToString() => $"{AppId}/{TeamId}";
}

/// <summary>Finds apps and workspaces in the configuration.</summary>
internal sealed class SlackInstallations(IOptionsMonitor<SlackOptions> options)
{
    public static SlackWorkspace? FindIn(SlackAppOptions app, string? teamId)
    {
        if (string.IsNullOrEmpty(teamId))
        {
            return null;
        }

        var installation = app.Installations.Find(i => string.Equals(i.TeamId, teamId, StringComparison.Ordinal));
        return installation is null ? null : new SlackWorkspace(app.AppId, installation.TeamId, installation.BotToken, installation.BotUserId);
    }

    /// <summary>The workspace for a team, preferring the given app when several apps are installed there.</summary>
    public SlackWorkspace? Find(string teamId, string? appId = null)
    {
        var apps = options.CurrentValue.Apps;
        var preferred = appId is null ? null : apps.Find(a => string.Equals(a.AppId, appId, StringComparison.Ordinal));
        if (preferred is not null && FindIn(preferred, teamId) is { } exact)
        {
            return exact;
        }

        return apps.Select(a => FindIn(a, teamId)).FirstOrDefault(w => w is not null);
    }
}
