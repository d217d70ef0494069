namespace CoPBot.Testing;

/// <summary>
/// The shared reference folder (official schemas, real payloads) that tests use as oracles. It is never copied
/// into the repository: tests find it through COPBOT_REFERENCE_DIR, by default ../shared/reference beside the
/// clone. CI fails when it is missing; elsewhere the tests that need it are reported as skipped, with the reason.
/// </summary>
public static class ReferenceFiles
{
    public const string EnvironmentVariable = "COPBOT_REFERENCE_DIR";

    public static string? Root { get; } = Locate();

    /// <summary>The full path of a reference file, or the test is skipped when the folder is not there.</summary>
    public static string PathOf(string relativePath)
    {
        if (Root is null)
        {
            Assert.Skip($"The reference folder was not found (set {EnvironmentVariable} or place shared/reference beside the clone).");
        }

        var path = System.IO.Path.Combine(Root, relativePath);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Assert.Fail($"Reference file {relativePath} is missing from {Root}.");
        }

        return path;
    }

    public static string ReadText(string relativePath) => File.ReadAllText(PathOf(relativePath));

    public static byte[] ReadBytes(string relativePath) => File.ReadAllBytes(PathOf(relativePath));

    private static string? Locate()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Directory.Exists(configured) ? System.IO.Path.GetFullPath(configured) : null;
        }

        // Walk up from the test binary to the repository root (the folder with CoPBot.sln), then ../shared/reference.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CoPBot.sln")))
            {
                var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "reference"));
                return Directory.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }
}
