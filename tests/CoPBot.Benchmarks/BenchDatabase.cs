using CoPBot.Services.App;
using Npgsql;

namespace CoPBot.Benchmarks;

/// <summary>
/// A fresh database for one run: a SQLite file under the temp folder, or a new database on the PostgreSQL server
/// given by --postgres or COPBOT_TEST_POSTGRES (a connection string allowed to create databases). Dropped afterwards.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "COPBOT_TEST_POSTGRES";

    private readonly string? adminConnectionString;
    private readonly string? databaseName;

    private BenchDatabase(StorageProvider provider, string connectionString, string? adminConnectionString, string? databaseName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        this.adminConnectionString = adminConnectionString;
        this.databaseName = databaseName;
    }

    public StorageProvider Provider { get; }

    public string ConnectionString { get; }

    public string Label => Provider == StorageProvider.Postgres ? "postgres" : "sqlite";

    public static async Task<BenchDatabase> CreateAsync(string kind, string? postgres, CancellationToken cancellationToken)
    {
        if (kind == "sqlite")
        {
            var path = Path.Combine(Path.GetTempPath(), $"copbot-bench-{Guid.NewGuid():N}.db");
            return new BenchDatabase(StorageProvider.Sqlite, $"Data Source={path}", null, path);
        }

        var server = postgres ?? Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new UsageException($"PostgreSQL needs --postgres \"<connection string>\" or {PostgresVariable}.");
        }

        var name = $"copbot_bench_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"", cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 200 }.ConnectionString;
        return new BenchDatabase(StorageProvider.Postgres, connectionString, server, name);
    }

    public IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Storage:Provider", Provider.ToString()),
        new("Storage:ConnectionString", ConnectionString),
    ];

    public async ValueTask DisposeAsync()
    {
        if (Provider == StorageProvider.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { databaseName!, databaseName + "-wal", databaseName + "-shm", databaseName + "-journal" })
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                    // Left to the temp folder's cleanup.
                }
            }

            return;
        }

        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(adminConnectionString!, $"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", CancellationToken.None);
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
