namespace CoPBot.Bot;

internal static class RootSettings
{
    /// <summary>
    /// appsettings.json lives at the repository root and is copied beside the binary; load it from there so
    /// `dotnet run --project Bot`, the console chat and the published app read the same file. Environment
    /// variables and the command line, added by the builder, still override it.
    /// </summary>
    public static void AddRootSettings(this IHostApplicationBuilder builder)
    {
        var environment = builder.Environment.EnvironmentName;
        var sources = builder.Configuration.Sources;
        var index = 0;
        foreach (var name in new[] { "appsettings.json", $"appsettings.{environment}.json" })
        {
            var path = Path.Combine(AppContext.BaseDirectory, name);
            if (File.Exists(path) && !File.Exists(Path.Combine(builder.Environment.ContentRootPath, name)))
            {
                var source = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
                {
                    Path = path, Optional = true, ReloadOnChange = false,
                };
                source.ResolveFileProvider();
                sources.Insert(index++, source);
            }
        }
    }
}
