namespace GridMap.Server;

/// <summary>The front end lives in the repository's <c>web/</c>, served as is (no build step).</summary>
static class WebRoot
{
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("GRIDMAP_WEB") is { Length: > 0 } web) return web;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GridMap.sln"))) return Path.Combine(dir.FullName, "web");
        return null;
    }
}
