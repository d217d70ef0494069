using Npgsql;

namespace CoPBot.Testing;

/// <summary>
/// A fresh, uniquely named PostgreSQL database on the server given by COPBOT_TEST_POSTGRES (an Npgsql connection
/// string with the right to create databases), dropped again afterwards. Without that variable the test is skipped
/// with the reason, except in CI (CI=true), where it fails: CI never silently skips storage tests.
/// </summary>
public sealed class PostgresDatabase : StorageProvider
{
    public const string EnvironmentVariable = "COPBOT_TEST_POSTGRES";

    private string? _adminConnectionString;
    private string? _databaseName;
    private string? _connectionString;

    public override string Name => PostgresName;

    /// <summary>The server's connection string, or null when none is configured.</summary>
    public static string? ServerConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? value : null;

    /// <summary>What a test does when it needs PostgreSQL, from the two environment variables.</summary>
    public static PostgresAvailability CheckEnvironment(string? serverConnectionString, string? ci) =>
        !string.IsNullOrWhiteSpace(serverConnectionString) ? PostgresAvailability.Available
        : string.Equals(ci, "true", StringComparison.OrdinalIgnoreCase) ? PostgresAvailability.Fail
        : PostgresAvailability.Skip;

    /// <summary>The configured server's connection string; otherwise skips the test, or fails it in CI.</summary>
    public static string RequireServer()
    {
        var server = ServerConnectionString;
        switch (CheckEnvironment(server, Environment.GetEnvironmentVariable("CI")))
        {
            case PostgresAvailability.Fail:
                Assert.Fail($"{EnvironmentVariable} is not set, and CI must not skip the PostgreSQL tests. Run them through .ci/run, which starts a server.");
                break;
            case PostgresAvailability.Skip:
                Assert.Skip($"PostgreSQL tests need {EnvironmentVariable} (an Npgsql connection string to a server where databases may be created); .ci/run sets it.");
                break;
        }

        return server!;
    }

    public override async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        if (_connectionString is not null)
        {
            return _connectionString;
        }

        _adminConnectionString = RequireServer();
        var name = $"copbot_test_{Guid.NewGuid():N}";
        await ExecuteAsync(_adminConnectionString, $"CREATE DATABASE \"{name}\"", cancellationToken);
        _databaseName = name;
        _connectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
        return _connectionString;
    }

    public override async Task DropAsync(CancellationToken cancellationToken = default)
    {
        if (_databaseName is null || _adminConnectionString is null)
        {
            return;
        }

        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        // FORCE ends sessions a test left open, so a failed test cannot leave its database behind.
        await ExecuteAsync(_adminConnectionString, $"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", cancellationToken);
        _databaseName = null;
        _connectionString = null;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
#pragma warning disable CA2100 // The only variable part is a database name this class generates from a GUID.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

public enum PostgresAvailability
{
    Available,
    Skip,
    Fail,
}
