using CoPBot.Services.App;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Storage;

/// <summary>The statements a turn sends every time are parsed and planned once per connection on PostgreSQL.</summary>
public class PostgresPreparedStatementTests
{
    [Theory]
    [InlineData("Host=db;Database=copbot", StorageOptions.PostgresAutoPrepare)]
    [InlineData("Host=db;Database=copbot;Max Auto Prepare=0", 0)]
    [InlineData("host=db;database=copbot;max auto prepare=5", 5)]
    public void ConnectionString_PreparesByDefault_UnlessItSaysOtherwise(string configured, int expected)
    {
        var options = new StorageOptions { Provider = CoPBot.Services.App.StorageProvider.Postgres, ConnectionString = configured };

        var used = new NpgsqlConnectionStringBuilder(options.PostgresConnectionString());

        Assert.Equal(expected, used.MaxAutoPrepare);
        Assert.Equal("copbot", used.Database);
    }

    [Fact]
    public async Task StatementSentAgain_IsPreparedOnTheServer()
    {
        await using var world = await CreateAsync(CoPBot.Testing.StorageProvider.PostgresName);

        var prepared = await world.DbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync(Cancellation);
            for (var i = 0; i < 6; i++)
            {
                await db.People.CountAsync(p => p.DisplayName != "", Cancellation);
            }

            return await db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM pg_prepared_statements WHERE statement LIKE '%\"People\"%'")
                .SingleAsync(Cancellation);
        });

        Assert.Equal(1, prepared);
    }
}
