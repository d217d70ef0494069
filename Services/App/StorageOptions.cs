namespace CoPBot.Services.App;

/// <summary>The "Storage" configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>"Sqlite" (default, a file created on first run) or "Postgres".</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    public string ConnectionString { get; set; } = "Data Source=copbot.db";

    /// <summary>Apply migrations at start-up.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The "Organizations" configuration section: which tenant or workspace belongs to which organization.</summary>
public sealed class OrganizationOptions
{
    public const string Section = "Organizations";

    public List<OrganizationEntry> Entries { get; set; } = [];

    /// <summary>
    /// The zone of an organization that names none (IANA id, city or common name): used for a person only when
    /// neither they nor their client said where they are.
    /// </summary>
    public string? DefaultTimeZone { get; set; }
}

public sealed class OrganizationEntry
{
    public string Slug { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Where most of its people are (IANA id, city or common name), for people whose zone is otherwise unknown.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Keys "channel:tenant", e.g. "msteams:&lt;tenant id&gt;", "slack:T0123", "console:local".</summary>
    public List<string> Tenants { get; set; } = [];
}
