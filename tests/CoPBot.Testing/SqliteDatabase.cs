using Microsoft.Data.Sqlite;

namespace CoPBot.Testing;

/// <summary>A SQLite database in a fresh temporary file, deleted with its journal files on drop.</summary>
public sealed class SqliteDatabase : StorageProvider
{
    private string? _path;

    public override string Name => SqliteName;

    /// <summary>The database file, once created.</summary>
    public string? FilePath => _path;

    public override Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        _path ??= Path.Combine(Path.GetTempPath(), $"copbot-test-{Guid.NewGuid():N}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = _path, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
        return Task.FromResult(connectionString);
    }

    public override Task DropAsync(CancellationToken cancellationToken = default)
    {
        if (_path is not null)
        {
            // Pooled connections keep the file open; release them before deleting it.
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _path, _path + "-wal", _path + "-shm", _path + "-journal" })
            {
                File.Delete(file);
            }

            _path = null;
        }

        return Task.CompletedTask;
    }
}
