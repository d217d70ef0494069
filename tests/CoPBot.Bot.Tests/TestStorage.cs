namespace CoPBot.Bot.Tests;

/// <summary>
/// Settings that give a test host its own SQLite file (never the developer's copbot.db) and, unless a test asks
/// for it, no background delivery: endpoint tests then see exactly the calls the request made.
/// </summary>
internal sealed class TestStorage : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"copbot-test-{Guid.NewGuid():N}.db");

    public IReadOnlyDictionary<string, string?> Settings(bool delivery = false) => new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Sqlite",
        ["Storage:ConnectionString"] = $"Data Source={Path};Pooling=False",
        ["Delivery:Enabled"] = delivery ? "true" : "false",
        ["Housekeeping:Enabled"] = "false",
    };

    public void Dispose()
    {
        foreach (var file in new[] { Path, Path + "-shm", Path + "-wal", Path + "-journal" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // A file still open by a disposed host's pool is left to the OS temp cleanup.
            }
        }
    }
}
