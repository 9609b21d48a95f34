namespace GridMap.Browser.Tests;
public class SmokeTests { [Fact] public void Chromium_is_installed() => Assert.True(File.Exists("/usr/bin/chromium")); }
