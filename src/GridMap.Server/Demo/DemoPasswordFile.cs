namespace GridMap.Server.Demo;

/// <summary>
/// Where <c>./gridmap up</c> keeps the demo users' password beside the database they were made
/// in, so every checkout that serves that database shows the password that signs in. Written only
/// once the database has taken it; readable by its owner only.
/// </summary>
public static class DemoPasswordFile
{
    public static string? Read(string? path) =>
        path is not null && File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } password ? password : null;

    public static void Keep(string path, string password)
    {
        if (Read(path) == password) return;
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        File.Delete(path); // a new file gets the mode above; an existing one would keep its own
        using var writer = new StreamWriter(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options);
        writer.WriteLine(password);
    }
}
