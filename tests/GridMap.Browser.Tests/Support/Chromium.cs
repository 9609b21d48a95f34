namespace GridMap.Browser.Tests.Support;

/// <summary>The machine's Chromium, headless, with nothing that phones home.</summary>
static class Chromium
{
    const string ExecutablePath = "/usr/bin/chromium";

    static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new() { ExecutablePath = ExecutablePath, Headless = true, Args = Args });
}
