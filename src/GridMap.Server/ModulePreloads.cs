using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace GridMap.Server;

/// <summary>
/// A page's ES modules, all named in its answer's <c>Link</c> header (<c>rel=modulepreload</c>), so
/// that the browser asks for every one of them at once. Without it, it learns a module's imports
/// only once that module has arrived and been parsed: the case pages import three levels deep, a
/// round trip and a parse each before the first API request can go. Read from <c>web/</c> as it
/// is served (no build step, nothing to keep in step by hand) and read again when a file changes.
/// </summary>
public sealed partial class ModulePreloads(IFileProvider web)
{
    readonly ConcurrentDictionary<string, string> headers = new();
    IChangeToken? watching;

    /// <summary>The <c>Link</c> header for the page at <paramref name="path"/> (e.g. <c>/leader.html</c>); empty when it loads no module.</summary>
    public string HeaderFor(string path)
    {
        if (watching is null || watching.HasChanged)
        {
            headers.Clear();
            watching = web.Watch("**/*");
        }
        return headers.GetOrAdd(path, Build);
    }

    string Build(string page)
    {
        var modules = new List<string>();
        var pending = new Stack<string>(ModuleScripts().Matches(Read(page)).Select(m => Resolve(page, m.Groups[1].Value)).Reverse());
        while (pending.TryPop(out var module))
        {
            if (modules.Contains(module)) continue;
            modules.Add(module);
            foreach (var import in StaticImports().Matches(Read(module)).Select(m => Resolve(module, m.Groups[1].Value)).Reverse())
                pending.Push(import);
        }
        return string.Join(", ", modules.Select(m => $"<{m}>; rel=modulepreload"));
    }

    string Read(string path)
    {
        var file = web.GetFileInfo(path);
        if (!file.Exists) return "";
        using var reader = new StreamReader(file.CreateReadStream());
        return reader.ReadToEnd();
    }

    /// <summary>A relative address as the browser resolves it against the file it is written in.</summary>
    static string Resolve(string from, string relative) => new Uri(new Uri("http://web" + from), relative).AbsolutePath;

    [GeneratedRegex("""<script type="module" src="([^"]+)"></script>""")]
    private static partial Regex ModuleScripts();

    /// <summary>
    /// <c>import '…'</c>, <c>import … from '…'</c> and <c>export … from '…'</c> at the start of a line
    /// (a dynamic <c>import()</c> is loaded when it runs, and is left to it).
    /// </summary>
    [GeneratedRegex("""^(?:import\s*|(?:import|export)\b[^;'"]*?\bfrom\s*)'([^']+)'""", RegexOptions.Multiline)]
    private static partial Regex StaticImports();
}
