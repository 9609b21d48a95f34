using GridMap.Server.BaseMap;
using Microsoft.Extensions.Configuration;

namespace GridMap.Tests.BaseMap;

/// <summary>The base-map setting as an operator writes it: what the pages get, and what stops the server at start.</summary>
public class BaseMapSettingsTests
{
    static BaseMapSettings From(params (string Key, string Value)[] settings) => BaseMapSettings.From(
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"GridMap:BaseMap:{s.Key}", s.Value))).Build());

    [Fact]
    public void Without_a_setting_there_is_no_base_map() =>
        Assert.Equal(new BaseMapSettings("none", null, null, null), From());

    [Fact]
    public void A_tianditu_url_gets_its_token_and_subdomains()
    {
        var s = From(("Kind", "xyz"), ("Url", "https://t{s}.tianditu.gov.cn/DataServer?T=vec_w&X={x}&Y={y}&L={z}&tk={token}"),
            ("Token", "abc123"), ("Subdomains", "01234567"), ("Attribution", "© 天地图"));
        Assert.Equal(new BaseMapSettings("xyz", "https://t{s}.tianditu.gov.cn/DataServer?T=vec_w&X={x}&Y={y}&L={z}&tk=abc123", "01234567", "© 天地图"), s);
    }

    [Fact]
    public void Amap_needs_nothing_more_than_its_kind()
    {
        var s = From(("Kind", "AMap"));
        Assert.Equal("amap", s.Kind);
        Assert.StartsWith("https://webrd0{s}.is.autonavi.com/", s.Url);
        Assert.Equal("1234", s.Subdomains);
        Assert.Contains("高德", s.Attribution);
    }

    [Theory]
    [InlineData("baidu", null, null, "Kind")]
    [InlineData("xyz", null, null, "Url is needed")]
    [InlineData("xyz", "tiles/{z}/{x}/{y}.png", null, "http(s)")]
    [InlineData("xyz", "ftp://example.org/{z}/{x}/{y}.png", null, "http(s)")]
    [InlineData("xyz", "https://example.org/{z}/{x}.png", null, "{y}")]
    [InlineData("xyz", "https://example.org/{z}/{x}/{y}.png?tk={token}", null, "Token is not set")]
    public void A_setting_that_cannot_work_stops_the_server_with_the_reason(string kind, string? url, string? token, string reason)
    {
        var settings = new List<(string, string)> { ("Kind", kind) };
        if (url is not null) settings.Add(("Url", url));
        if (token is not null) settings.Add(("Token", token));
        var e = Assert.Throws<InvalidOperationException>(() => From([.. settings]));
        Assert.Contains(reason, e.Message);
    }
}
