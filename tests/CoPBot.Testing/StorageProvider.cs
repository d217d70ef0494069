namespace CoPBot.Testing;

/// <summary>
/// One fresh, empty database for a test or a fixture, on SQLite or PostgreSQL, removed again on dispose. Storage tests
/// take the provider name as a [Theory] parameter (<see cref="StorageProvidersAttribute"/>) or derive one class per provider.
/// </summary>
/// <example>
/// <code>
/// [Theory, StorageProviders]
/// public async Task Save_Rsvp_RoundTrips(string provider)
/// {
///     await using var database = StorageProvider.Create(provider);
///     var connectionString = await database.CreateDatabaseAsync();
///     ...
/// }
/// </code>
/// </example>
public abstract class StorageProvider : IAsyncDisposable
{
    public const string SqliteName = "sqlite";
    public const string PostgresName = "postgresql";

    /// <summary>"sqlite" or "postgresql".</summary>
    public abstract string Name { get; }

    public static StorageProvider Create(string name) => name switch
    {
        SqliteName => new SqliteDatabase(),
        PostgresName => new PostgresDatabase(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Use StorageProvider.SqliteName or StorageProvider.PostgresName."),
    };

    /// <summary>Creates the database on first call and returns its connection string (the same one on later calls).</summary>
    public abstract Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes the database; harmless when it was never created or is already gone.</summary>
    public abstract Task DropAsync(CancellationToken cancellationToken = default);

    public async ValueTask DisposeAsync()
    {
        await DropAsync();
        GC.SuppressFinalize(this);
    }

    public override string ToString() => Name;
}
