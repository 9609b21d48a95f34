using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GridMap.Bench.Tiles;

/// <summary>
/// The viewport trace replayed against the tile endpoint by wrk (a load generator in C, Debian's
/// <c>wrk</c>, with <c>Tiles/replay.lua</c>): the trace's tiles once, in order, over as many
/// connections as the bench has clients. On a machine whose cores the load generator shares
/// with the server and PostgreSQL, its CPU per tile comes out of the endpoint's throughput; wrk
/// takes about a third of what .NET's HttpClient takes (docs/benchmarks.md). wrk keeps no time
/// per request that could be matched to a tile, so the latencies come from the HttpClient's replay.
/// </summary>
sealed partial class WrkReplay : IDisposable
{
    readonly string paths;
    readonly string[] arguments;

    public WrkReplay(DemoServer server, ViewportTrace trace, int clients)
    {
        paths = Path.GetTempFileName();
        File.WriteAllLines(paths, trace.Tiles.Select(TilesBench.PathOf));
        var token = server.Http.DefaultRequestHeaders.Authorization?.Parameter ?? throw new InvalidOperationException("the bench's server is not signed in");
        arguments = ["-t1", $"-c{clients}", "-d1h", "-s", Path.Combine(AppContext.BaseDirectory, "Tiles", "replay.lua"),
            "-H", $"Authorization: Bearer {token}", "-H", "Accept-Encoding: gzip", server.Http.BaseAddress!.GetLeftPart(UriPartial.Authority), "--", paths, $"{clients}"];
    }

    /// <summary>The trace replayed once: the tiles answered and the time it took, as wrk counts them. Any error stops the run.</summary>
    public async Task<(int Tiles, TimeSpan Elapsed)> RunAsync()
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process wrk;
        try { wrk = Process.Start(start)!; }
        catch (Win32Exception) { throw new InvalidOperationException("wrk is missing: ./gridmap bench installs it (apt-get install wrk)"); }
        using (wrk)
        {
            var (output, errors) = (wrk.StandardOutput.ReadToEndAsync(), wrk.StandardError.ReadToEndAsync());
            await wrk.WaitForExitAsync();
            if (Answered().Match(await output) is not { Success: true } m)
                throw new InvalidOperationException($"wrk failed (exit {wrk.ExitCode}): {await output}{await errors}");
            return (int.Parse(m.Groups["tiles"].Value), TimeSpan.FromMicroseconds(long.Parse(m.Groups["us"].Value)));
        }
    }

    public void Dispose() => File.Delete(paths);

    /// <summary>replay.lua's last line when every answer was a tile or an empty one (wrk counts 4xx and 5xx as status errors).</summary>
    [GeneratedRegex(@"^answered (?<tiles>\d+) in (?<us>\d+) us; errors: status 0, connect 0, read 0, write 0, timeout 0$", RegexOptions.Multiline)]
    private static partial Regex Answered();
}
