namespace GridMap.Server;

/// <summary>
/// The server's own files that do not belong in the database: <c>GRIDMAP_STATE</c>, else
/// <c>gridmap/server</c> in the user's data folder (<c>$XDG_DATA_HOME</c>, by default
/// <c>~/.local/share</c>). Made readable by its owner only when the server creates it.
/// </summary>
public static class StateFolder
{
    public const string Setting = "GRIDMAP_STATE";

    public static string Of(IConfiguration config)
    {
        if (config[Setting] is { Length: > 0 } folder) return Path.GetFullPath(folder);
        var userData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        if (userData.Length == 0) throw new InvalidOperationException($"{Setting} is not set and this user has no home folder: set {Setting} to a folder for the server's keys.");
        return Path.Combine(userData, "gridmap", "server");
    }

    /// <summary>Creates <paramref name="folder"/> (and its parents) if missing, mode 0700.</summary>
    public static void Ensure(string folder)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
