namespace GridMap.Server.Coverage;

/// <summary>
/// The write counters of the tables coverage is computed from (<c>data_versions</c>, raised by a
/// trigger on every statement that writes them): equal versions mean equal data.
/// </summary>
public readonly record struct DataVersions(long Areas, long Households, long Stations, long Roads)
{
    public static async Task<DataVersions> ReadAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = conn.Command("SELECT name, version FROM data_versions");
        var versions = new DataVersions();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            versions = r.GetString(0) switch
            {
                "areas" => versions with { Areas = r.GetInt64(1) },
                "households" => versions with { Households = r.GetInt64(1) },
                "service_stations" => versions with { Stations = r.GetInt64(1) },
                "roads" => versions with { Roads = r.GetInt64(1) },
                _ => versions,
            };
        return versions;
    }
}
