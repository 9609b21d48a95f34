namespace GridMap.Bench;

public static class Repository
{
    /// <summary>The folder holding ./gridmap and GridMap.sln, searched from the working and the binary folders.</summary>
    public static string Root { get; } = Find();

    static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "gridmap")) && File.Exists(Path.Combine(dir.FullName, "GridMap.sln")))
                    return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (the folder holding ./gridmap)");
    }
}
