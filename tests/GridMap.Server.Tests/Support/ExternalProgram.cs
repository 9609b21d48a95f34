using System.Diagnostics;

namespace GridMap.Tests.Support;

/// <summary>Programs someone else wrote, run as the independent client (GDAL's ogrinfo and ogr2ogr, bash).</summary>
public static class ExternalProgram
{
    /// <summary>Runs a program; its standard output, or an exception with its error output.</summary>
    public static Task<string> RunAsync(string program, params string[] arguments) => RunAsync(new ProcessStartInfo(program), arguments);

    /// <summary>Runs <paramref name="psi"/> (its program, folder and environment) with <paramref name="arguments"/>.</summary>
    public static async Task<string> RunAsync(ProcessStartInfo psi, params string[] arguments)
    {
        var program = psi.FileName;
        psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}");
        return await output;
    }
}
