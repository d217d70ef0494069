using System.Data.Common;
using CoPBot.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CoPBot.Services.Tests.Testing;

public class StorageProviderTests
{
    private static DbConnection Open(string provider, string connectionString) => provider switch
    {
        StorageProvider.SqliteName => new SqliteConnection(connectionString),
        _ => new NpgsqlConnection(connectionString),
    };

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [StorageProviders]
    public async Task CreateDatabaseAsync_AnyProvider_GivesAnEmptyWritableDatabase(string provider)
    {
        await using var database = StorageProvider.Create(provider);
        var connectionString = await database.CreateDatabaseAsync(TestContext.Current.CancellationToken);

        await using var connection = Open(provider, connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await ScalarAsync(connection, "CREATE TABLE probe (id INTEGER PRIMARY KEY)");
        await ScalarAsync(connection, "INSERT INTO probe (id) VALUES (1)");

        Assert.Equal(1L, Convert.ToInt64(await ScalarAsync(connection, "SELECT COUNT(*) FROM probe")));
        Assert.Equal(connectionString, await database.CreateDatabaseAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [StorageProviders]
    public async Task CreateDatabaseAsync_TwoInstances_GiveSeparateDatabases(string provider)
    {
        await using var first = StorageProvider.Create(provider);
        await using var second = StorageProvider.Create(provider);

        Assert.NotEqual(
            await first.CreateDatabaseAsync(TestContext.Current.CancellationToken),
            await second.CreateDatabaseAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task DropAsync_Sqlite_DeletesTheFile()
    {
        var database = new SqliteDatabase();
        await using (var connection = new SqliteConnection(await database.CreateDatabaseAsync(TestContext.Current.CancellationToken)))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await ScalarAsync(connection, "CREATE TABLE probe (id INTEGER)");
        }

        var path = database.FilePath!;
        Assert.True(File.Exists(path));

        await database.DropAsync(TestContext.Current.CancellationToken);

        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task DropAsync_Postgres_RemovesTheDatabaseEvenWithAnOpenSession()
    {
        var database = new PostgresDatabase();
        var connectionString = await database.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var leftOpen = new NpgsqlConnection(connectionString);
        await leftOpen.OpenAsync(TestContext.Current.CancellationToken);

        await database.DropAsync(TestContext.Current.CancellationToken);

        await using var admin = new NpgsqlConnection(PostgresDatabase.ServerConnectionString);
        await admin.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pg_database WHERE datname = @name", admin);
        command.Parameters.AddWithValue("name", name);
        Assert.Equal(0L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("Host=127.0.0.1", null, PostgresAvailability.Available)]
    [InlineData("Host=127.0.0.1", "true", PostgresAvailability.Available)]
    [InlineData(null, "true", PostgresAvailability.Fail)]
    [InlineData("", "TRUE", PostgresAvailability.Fail)]
    [InlineData(null, null, PostgresAvailability.Skip)]
    [InlineData(null, "false", PostgresAvailability.Skip)]
    public void CheckEnvironment_ServerAndCiVariables_DecideAvailability(string? server, string? ci, PostgresAvailability expected)
    {
        Assert.Equal(expected, PostgresDatabase.CheckEnvironment(server, ci));
    }

    [Fact]
    public void Create_UnknownProvider_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StorageProvider.Create("oracle"));
    }
}
