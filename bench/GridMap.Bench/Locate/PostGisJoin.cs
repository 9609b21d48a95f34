using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;
using NpgsqlTypes;

namespace GridMap.Bench.Locate;

/// <summary>The same assignment done by PostGIS: a spatial join of households on grids.</summary>
public sealed class PostGisJoin(ThrowawayDatabase database)
{
    public const string Query = "SELECT p.id, g.id FROM pts p JOIN grids g ON ST_Covers(g.geom, p.geom)";

    public async Task LoadAsync(IReadOnlyList<(long Id, Geometry Boundary)> grids, double[] lon, double[] lat)
    {
        await database.ExecuteAsync("""
            CREATE TABLE grids (id bigint PRIMARY KEY, geom geometry(MultiPolygon, 4326) NOT NULL);
            CREATE TABLE pts (id bigint PRIMARY KEY, geom geometry(Point, 4326) NOT NULL);
            """);
        await using var connection = await database.OpenAsync();
        // geometry's binary input (geometry_recv) takes EWKB, so bytes go in as they are.
        var ewkb = new WKBWriter(ByteOrder.LittleEndian, handleSRID: true);
        using (var bar = new ProgressBar("loading grids", grids.Count))
        await using (var writer = await connection.BeginBinaryImportAsync("COPY grids (id, geom) FROM STDIN (FORMAT BINARY)"))
        {
            for (int i = 0; i < grids.Count; i++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(grids[i].Id, NpgsqlDbType.Bigint);
                await writer.WriteAsync(ewkb.Write(grids[i].Boundary), NpgsqlDbType.Bytea);
                if (i % 4096 == 0) bar.Report(i);
            }
            await writer.CompleteAsync();
        }
        using (var bar = new ProgressBar("loading households", lon.Length))
        await using (var writer = await connection.BeginBinaryImportAsync("COPY pts (id, geom) FROM STDIN (FORMAT BINARY)"))
        {
            for (int i = 0; i < lon.Length; i++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync((long)i, NpgsqlDbType.Bigint);
                await writer.WriteAsync(PointEwkb(lon[i], lat[i]), NpgsqlDbType.Bytea);
                if (i % 16384 == 0) bar.Report(i);
            }
            await writer.CompleteAsync();
        }
        Console.Error.WriteLine("  indexing (GiST) and analysing");
        await database.ExecuteAsync("""
            CREATE INDEX grids_geom_gix ON grids USING gist (geom);
            CREATE INDEX pts_geom_gix ON pts USING gist (geom);
            ANALYZE grids;
            ANALYZE pts;
            """);
    }

    /// <summary>Rewrites the households table in the order of its GiST index, so the join reads them in spatial order too.</summary>
    public Task ClusterAsync() => database.ExecuteAsync("CLUSTER pts USING pts_geom_gix; ANALYZE pts;");

    /// <summary>The plan PostgreSQL picks for <see cref="Query"/>, to show in the report.</summary>
    public async Task<string> PlanAsync()
    {
        await using var connection = await database.OpenAsync();
        await using var reader = await new NpgsqlCommand("EXPLAIN " + Query, connection).ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0).Trim());
        return string.Join("\n", lines);
    }

    /// <summary>
    /// Runs the join, reading every row, and writes each household's lowest covering grid id
    /// (or -1) into <paramref name="gridIds"/>, indexed by household id. Returns the row count.
    /// </summary>
    public async Task<long> AssignAsync(long[] gridIds)
    {
        Array.Fill(gridIds, -1);
        await using var connection = await database.OpenAsync();
        await using var reader = await new NpgsqlCommand(Query, connection).ExecuteReaderAsync();
        long rows = 0;
        while (await reader.ReadAsync())
        {
            long household = reader.GetInt64(0), grid = reader.GetInt64(1);
            if (gridIds[household] == -1 || grid < gridIds[household]) gridIds[household] = grid;
            rows++;
        }
        return rows;
    }

    public async Task<string> VersionAsync()
    {
        await using var connection = await database.OpenAsync();
        var version = await new NpgsqlCommand("SELECT current_setting('server_version') || ', PostGIS ' || postgis_lib_version()", connection).ExecuteScalarAsync();
        return $"PostgreSQL {version}";
    }

    private static byte[] PointEwkb(double lon, double lat)
    {
        var bytes = new byte[25];
        bytes[0] = 1; // little-endian
        BitConverter.TryWriteBytes(bytes.AsSpan(1), 0x20000001u); // Point with SRID
        BitConverter.TryWriteBytes(bytes.AsSpan(5), 4326);
        BitConverter.TryWriteBytes(bytes.AsSpan(9), lon);
        BitConverter.TryWriteBytes(bytes.AsSpan(17), lat);
        return bytes;
    }
}
