using System.Data.Common;
using Npgsql;

namespace CoPBot.Services.App;

/// <summary>The "Storage" configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>"Sqlite" (default, a file created on first run) or "Postgres".</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    public string ConnectionString { get; set; } = "Data Source=copbot.db";

    /// <summary>
    /// PostgreSQL only: how many of the statements a connection sends most often Npgsql prepares on the server, so
    /// they are parsed and planned once, not on every turn, unless the connection string says otherwise (set
    /// <c>Max Auto Prepare=0</c> there behind a pooler that cannot keep prepared statements).
    /// </summary>
    public const int PostgresAutoPrepare = 64;

    /// <summary>The connection string PostgreSQL is opened with: <see cref="ConnectionString"/> and the defaults above.</summary>
    public string PostgresConnectionString()
    {
        // Npgsql's builder answers for every keyword it knows, set or not: ask the string as written.
        var written = new DbConnectionStringBuilder { ConnectionString = ConnectionString };
        if (written.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            return ConnectionString;
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { MaxAutoPrepare = PostgresAutoPrepare }.ConnectionString;
    }

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
