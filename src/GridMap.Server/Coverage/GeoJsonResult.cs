namespace GridMap.Server.Coverage;

/// <summary>GeoJSON written straight to the response from what coverage holds in memory.</summary>
public sealed class GeoJsonResult(Action<Utf8JsonWriter> write) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.ContentType = FeatureStream.ContentType;
        await using (var w = new Utf8JsonWriter(http.Response.BodyWriter))
            write(w);
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }
}
