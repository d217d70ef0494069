using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CoPBot.Services.Storage;

/// <summary>Lets `dotnet ef migrations add` build each provider's context without the host.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCoPBotDbContext>
{
    public SqliteCoPBotDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCoPBotDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCoPBotDbContext>
{
    public PostgresCoPBotDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCoPBotDbContext>().UseNpgsql("Host=localhost;Database=copbot_design").Options);
}
