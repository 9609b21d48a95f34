using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridMap.Tests.Data;

/// <summary>
/// What GridMap relies on from the official NetTopologySuite plugins (Npgsql's and EF Core's),
/// against a real PostGIS. Every write is checked by asking PostGIS what it received (ST_AsEWKT
/// of the parameter against ST_AsEWKT of the same EWKT parsed by PostGIS), and every read by
/// reading geometries that PostGIS built itself from text.
/// </summary>
public class PostGisMappingTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    NpgsqlDataSource dataSource = null!;

    public Task InitializeAsync()
    {
        dataSource = new NpgsqlDataSourceBuilder(database.ConnectionString).UseNetTopologySuite().Build();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await dataSource.DisposeAsync();

    public static TheoryData<string> EveryGeometryType => new()
    {
        "SRID=4326;POINT(116.397128 39.916527)",
        "SRID=4326;LINESTRING(116.3912 39.9065,116.4042 39.9087,116.4105 39.9153)",
        "SRID=4326;POLYGON((116.38 39.90,116.42 39.90,116.42 39.93,116.38 39.93,116.38 39.90),(116.39 39.91,116.40 39.91,116.40 39.92,116.39 39.91))",
        "SRID=4326;MULTIPOINT((116.3912 39.9065),(116.4042 39.9087))",
        "SRID=4326;MULTILINESTRING((116.39 39.90,116.40 39.91),(116.41 39.92,116.42 39.93,116.43 39.92))",
        "SRID=4326;MULTIPOLYGON(((116.38 39.90,116.39 39.90,116.39 39.91,116.38 39.90)),((116.40 39.90,116.41 39.90,116.41 39.91,116.40 39.91,116.40 39.90)))",
        "SRID=4326;GEOMETRYCOLLECTION(POINT(116.397 39.916),LINESTRING(116.39 39.90,116.40 39.91),POLYGON((116.38 39.90,116.39 39.90,116.39 39.91,116.38 39.90)))",
        // CGCS2000 / 3-degree Gauss-Kruger CM 117E: the metric CRS of Beijing's surveys.
        "SRID=4548;POINT(500123.456 4419876.5)",
        "SRID=4548;MULTIPOLYGON(((500000 4419000,500800 4419000,500800 4419600,500000 4419600,500000 4419000)))",
        "POINT(1.5 -2.25)",
        "SRID=4326;POINT Z (116.397128 39.916527 43.5)",
        "SRID=4326;LINESTRING Z (116.39 39.90 10,116.40 39.91 12.5)",
        "SRID=4326;POLYGON Z ((116.38 39.90 1,116.42 39.90 2,116.42 39.93 3,116.38 39.90 1))",
        "SRID=4548;MULTIPOINT Z ((500000 4419000 50),(500100 4419100 51))",
        "SRID=4326;POINT M (116.397128 39.916527 7)",
        "SRID=4326;LINESTRING ZM (116.39 39.90 10 1,116.40 39.91 12.5 2)",
    };

    [Theory]
    [MemberData(nameof(EveryGeometryType))]
    public async Task Geometry_parameter_reaches_PostGIS_unchanged_and_reads_back_equal(string ewkt)
    {
        var geometry = Parse(ewkt);
        await using var command = dataSource.CreateCommand("SELECT $1, ST_AsEWKT($1), ST_AsEWKT(ST_GeomFromEWKT($2))");
        command.Parameters.Add(new NpgsqlParameter { Value = geometry });
        command.Parameters.Add(new NpgsqlParameter { Value = ewkt });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.Equal(reader.GetString(2), reader.GetString(1));
        AssertSameGeometry(geometry, (Geometry)reader.GetValue(0));
    }

    [Theory]
    [MemberData(nameof(EveryGeometryType))]
    public async Task Geometry_built_by_PostGIS_reads_as_the_same_NTS_geometry(string ewkt)
    {
        await using var command = dataSource.CreateCommand("SELECT ST_GeomFromEWKT($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = ewkt });

        AssertSameGeometry(Parse(ewkt), (Geometry)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task PostGIS_sees_srid_and_z_of_a_parameter_point()
    {
        var point = new Point(new CoordinateZ(116.397128, 39.916527, 43.5)) { SRID = 4326 };
        await using var command = dataSource.CreateCommand("SELECT ST_AsEWKT($1), ST_SRID($1), ST_NDims($1), GeometryType($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = point });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.Equal("SRID=4326;POINT(116.397128 39.916527 43.5)", reader.GetString(0));
        Assert.Equal(4326, reader.GetInt32(1));
        Assert.Equal(3, reader.GetInt16(2));
        Assert.Equal("POINT", reader.GetString(3));
    }

    [Theory]
    [InlineData("POINT EMPTY")]
    [InlineData("LINESTRING EMPTY")]
    [InlineData("POLYGON EMPTY")]
    [InlineData("MULTIPOLYGON EMPTY")]
    [InlineData("GEOMETRYCOLLECTION EMPTY")]
    public async Task Empty_geometries_stay_empty_and_keep_their_type(string wkt)
    {
        var empty = Parse("SRID=4326;" + wkt);
        await using var command = dataSource.CreateCommand("SELECT $1, ST_IsEmpty($1), ST_AsEWKT($1), ST_GeomFromEWKT($2)");
        command.Parameters.Add(new NpgsqlParameter { Value = empty });
        command.Parameters.Add(new NpgsqlParameter { Value = "SRID=4326;" + wkt });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.True(reader.GetBoolean(1));
        Assert.Equal("SRID=4326;" + wkt, reader.GetString(2));
        foreach (var read in new[] { (Geometry)reader.GetValue(0), (Geometry)reader.GetValue(3) })
        {
            Assert.True(read.IsEmpty);
            Assert.Equal(empty.GeometryType, read.GeometryType);
            Assert.Equal(4326, read.SRID);
        }
    }

    [Fact]
    public async Task Null_geometry_is_sent_as_SQL_null_and_read_as_DBNull()
    {
        await using var command = dataSource.CreateCommand("SELECT $1 IS NULL, $1, NULL::geometry");
        command.Parameters.Add(new NpgsqlParameter<Point?> { TypedValue = null });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.True(reader.GetBoolean(0));
        Assert.True(reader.IsDBNull(1));
        Assert.Equal(DBNull.Value, reader.GetValue(2));
    }

    [Fact]
    public async Task Point_array_round_trips_as_geometry_array_in_order_with_nulls()
    {
        Point?[] stations = [Point(116.39, 39.90), null, Point(116.41, 39.92)];
        await using var command = dataSource.CreateCommand(
            "SELECT $1, pg_typeof($1)::text, array_length($1, 1), ST_AsEWKT(($1)[3]), ($1)[2] IS NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = stations });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        var read = reader.GetFieldValue<Point?[]>(0);
        Assert.Equal(3, read.Length);
        AssertSameGeometry(stations[0]!, read[0]!);
        Assert.Null(read[1]);
        AssertSameGeometry(stations[2]!, read[2]!);
        Assert.Equal("geometry[]", reader.GetString(1));
        Assert.Equal(3, reader.GetInt32(2));
        Assert.Equal("SRID=4326;POINT(116.41 39.92)", reader.GetString(3));
        Assert.True(reader.GetBoolean(4));
    }

    [Fact]
    public async Task Polygon_list_and_mixed_geometry_array_built_by_PostGIS_read_back()
    {
        var grids = new List<Polygon> { Square(116.38, 39.90), Square(116.39, 39.90) };
        await using var command = dataSource.CreateCommand(
            "SELECT $1, ARRAY[ST_GeomFromEWKT('SRID=4326;POINT(1 2)'), ST_GeomFromEWKT('SRID=4326;LINESTRING(0 0,1 1)')]");
        command.Parameters.Add(new NpgsqlParameter { Value = grids });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        var readGrids = reader.GetFieldValue<List<Polygon>>(0);
        Assert.Equal(2, readGrids.Count);
        AssertSameGeometry(grids[0], readGrids[0]);
        AssertSameGeometry(grids[1], readGrids[1]);
        var mixed = (Geometry[])reader.GetValue(1);
        AssertSameGeometry(Parse("SRID=4326;POINT(1 2)"), mixed[0]);
        AssertSameGeometry(Parse("SRID=4326;LINESTRING(0 0,1 1)"), mixed[1]);
    }

    [Fact]
    public async Task Typmod_point_column_reads_as_Point_and_rejects_a_point_in_another_srid()
    {
        await using (var create = dataSource.CreateCommand("""
            CREATE TABLE households_probe (id int PRIMARY KEY, location geometry(Point,4326) NOT NULL);
            INSERT INTO households_probe VALUES (1, ST_SetSRID(ST_MakePoint(116.397128, 39.916527), 4326));
            """))
            await create.ExecuteNonQueryAsync();

        await using (var insert = dataSource.CreateCommand("INSERT INTO households_probe VALUES (2, $1)"))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = Point(116.40, 39.92) });
            await insert.ExecuteNonQueryAsync();
        }

        await using (var wrongSrid = dataSource.CreateCommand("INSERT INTO households_probe VALUES (3, $1)"))
        {
            wrongSrid.Parameters.Add(new NpgsqlParameter { Value = new Point(500123, 4419876) { SRID = 4548 } });
            var error = await Assert.ThrowsAsync<PostgresException>(() => wrongSrid.ExecuteNonQueryAsync());
            Assert.Contains("SRID", error.MessageText);
        }

        await using var select = dataSource.CreateCommand("SELECT location FROM households_probe ORDER BY id");
        await using var reader = await select.ExecuteReaderAsync();
        var locations = new List<Point>();
        while (await reader.ReadAsync()) locations.Add(reader.GetFieldValue<Point>(0));

        AssertSameGeometry(Point(116.397128, 39.916527), locations[0]);
        AssertSameGeometry(Point(116.40, 39.92), locations[1]);
    }

    [Theory]
    [InlineData("geometry")]
    [InlineData("public.geometry")]
    [InlineData("geography")]
    [InlineData("public.geography")]
    public async Task Parameter_named_by_PostGIS_type_name_is_sent_as_that_type(string dataTypeName)
    {
        var point = Point(116.397128, 39.916527);
        await using var command = dataSource.CreateCommand("SELECT $1, pg_typeof($1)::text, ST_AsEWKT($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = point, DataTypeName = dataTypeName });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.Equal(dataTypeName.Replace("public.", ""), reader.GetString(1));
        Assert.Equal("SRID=4326;POINT(116.397128 39.916527)", reader.GetString(2));
        AssertSameGeometry(point, reader.GetFieldValue<Point>(0));
    }

    [Fact]
    public async Task Geometry_larger_than_the_network_buffer_streams_both_ways_sync_and_async()
    {
        // 20 000 vertices: about 320 kB of EWKB, far beyond Npgsql's 8 kB buffers.
        var boundary = (Polygon)Point(116.397, 39.916).Buffer(0.05, 5000);
        Assert.True(boundary.NumPoints > 20_000);

        await using var command = dataSource.CreateCommand("SELECT $1, ST_NPoints($1), ST_Area($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = boundary });

        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            AssertSameGeometry(boundary, reader.GetFieldValue<Polygon>(0));
            Assert.Equal(boundary.NumPoints, reader.GetInt32(1));
            Assert.Equal(boundary.Area, reader.GetDouble(2), 12);
        }
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            AssertSameGeometry(boundary, reader.GetFieldValue<Polygon>(0));
        }
    }

    [Fact]
    public async Task Reading_a_linestring_as_a_Point_fails_with_a_cast_error_naming_both()
    {
        await using var command = dataSource.CreateCommand("SELECT 'SRID=4326;LINESTRING(0 0,1 1)'::geometry");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        var error = Assert.Throws<InvalidCastException>(() => reader.GetFieldValue<Point>(0));
        Assert.Contains("LineString", error.Message);
        Assert.Contains("Point", error.Message);
    }

    // ---- EF Core ----

    [Fact]
    public async Task EF_Core_saves_and_loads_Point_and_MultiPolygon_properties_through_typmod_columns()
    {
        await CreateSitesTable();
        var options = new DbContextOptionsBuilder<SiteContext>().UseNpgsql(dataSource, o => o.UseNetTopologySuite()).Options;
        var boundary = Parse("SRID=4326;MULTIPOLYGON(((116.38 39.90,116.39 39.90,116.39 39.91,116.38 39.90)),((116.40 39.90,116.41 39.90,116.41 39.91,116.40 39.90)))");

        var withBoundary = new Site { Name = "东华门社区服务站", Location = Point(116.397128, 39.916527), Boundary = (MultiPolygon)boundary };
        var without = new Site { Name = "无边界", Location = Point(116.40, 39.92) };
        await using (var context = new SiteContext(options))
        {
            context.Sites.AddRange(withBoundary, without);
            await context.SaveChangesAsync();
        }

        await using (var context = new SiteContext(options))
        {
            var site = await context.Sites.SingleAsync(s => s.Id == withBoundary.Id);
            AssertSameGeometry(Point(116.397128, 39.916527), site.Location);
            AssertSameGeometry(boundary, site.Boundary!);
            Assert.Null((await context.Sites.SingleAsync(s => s.Id == without.Id)).Boundary);

            site.Location = Point(116.398, 39.917);
            await context.SaveChangesAsync();
        }

        await using var check = dataSource.CreateCommand("SELECT ST_AsEWKT(location), ST_AsEWKT(boundary) FROM sites WHERE id = $1");
        check.Parameters.Add(new NpgsqlParameter { Value = withBoundary.Id });
        await using var reader = await check.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("SRID=4326;POINT(116.398 39.917)", reader.GetString(0));
        Assert.Equal("SRID=4326;MULTIPOLYGON(((116.38 39.9,116.39 39.9,116.39 39.91,116.38 39.9)),((116.4 39.9,116.41 39.9,116.41 39.91,116.4 39.9)))", reader.GetString(1));
    }

    [Fact]
    public async Task EF_Core_given_only_a_connection_string_adds_the_plugin_to_its_own_data_source()
    {
        await CreateSitesTable();
        int id;
        await using (var insert = dataSource.CreateCommand("INSERT INTO sites (name, location) VALUES ('前门', 'SRID=4326;POINT(116.3977 39.8994)') RETURNING id"))
            id = (int)(await insert.ExecuteScalarAsync())!;
        var options = new DbContextOptionsBuilder<SiteContext>().UseNpgsql(database.ConnectionString, o => o.UseNetTopologySuite()).Options;

        await using var context = new SiteContext(options);
        var site = await context.Sites.SingleAsync(s => s.Id == id);

        AssertSameGeometry(Point(116.3977, 39.8994), site.Location);
    }

    [Theory]
    [InlineData("geometry", "SRID=4326;POINT Z (116.397128 39.916527 43.5)")]
    [InlineData("geometry", "SRID=4548;MULTIPOLYGON(((500000 4419000,500800 4419000,500800 4419600,500000 4419000)))")]
    [InlineData("geometry", "POINT(0.1 0.2)")]
    [InlineData("geography(Point,4326)", "SRID=4326;POINT(116.397128 39.916527)")]
    public async Task EF_Core_sql_literal_is_read_by_PostGIS_as_the_value_a_parameter_carries(string storeType, string ewkt)
    {
        var geometry = Parse(ewkt);
        await using var context = new SiteContext(new DbContextOptionsBuilder<SiteContext>().UseNpgsql(dataSource, o => o.UseNetTopologySuite()).Options);
        var mapping = context.GetService<IRelationalTypeMappingSource>().FindMapping(geometry.GetType(), storeType)!;

        await using var command = dataSource.CreateCommand($"SELECT ST_AsEWKT({mapping.GenerateSqlLiteral(geometry)}), ST_AsEWKT($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = geometry, DataTypeName = storeType.Split('(')[0] });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.Equal(reader.GetString(1), reader.GetString(0));
    }

    [Theory]
    [InlineData("geometry(Point,4326)", typeof(Point))]
    [InlineData("geometry(MultiPolygon,4326)", typeof(MultiPolygon))]
    [InlineData("GEOMETRY(LineStringZ, 4548)", typeof(LineString))]
    [InlineData("geography(PolygonZM,4326)", typeof(Polygon))]
    [InlineData("geometry", typeof(Geometry))]
    public async Task EF_Core_maps_a_PostGIS_column_type_to_the_NTS_type_its_subtype_names(string storeType, Type clrType)
    {
        await using var context = new SiteContext(new DbContextOptionsBuilder<SiteContext>().UseNpgsql(dataSource, o => o.UseNetTopologySuite()).Options);
        var mapping = context.GetService<IRelationalTypeMappingSource>().FindMapping(storeType)!;

        Assert.Equal(clrType, mapping.ClrType);
        Assert.Equal(storeType, mapping.StoreType);
    }

    async Task CreateSitesTable()
    {
        await using var create = dataSource.CreateCommand("""
            CREATE TABLE IF NOT EXISTS sites (
                id serial PRIMARY KEY,
                name text NOT NULL,
                location geometry(Point,4326) NOT NULL,
                boundary geometry(MultiPolygon,4326))
            """);
        await create.ExecuteNonQueryAsync();
    }

    sealed class Site
    {
        public int Id { get; set; }
        public required string Name { get; set; }
        public required Point Location { get; set; }
        public MultiPolygon? Boundary { get; set; }
    }

    sealed class SiteContext(DbContextOptions<SiteContext> options) : DbContext(options)
    {
        public DbSet<Site> Sites => Set<Site>();

        protected override void OnModelCreating(ModelBuilder model) => model.Entity<Site>(site =>
        {
            site.ToTable("sites");
            site.Property(s => s.Id).HasColumnName("id");
            site.Property(s => s.Name).HasColumnName("name");
            site.Property(s => s.Location).HasColumnName("location").HasColumnType("geometry(Point,4326)");
            site.Property(s => s.Boundary).HasColumnName("boundary").HasColumnType("geometry(MultiPolygon,4326)");
        });
    }

    // ---- helpers ----

    static Point Point(double lon, double lat) => new(lon, lat) { SRID = 4326 };

    static Polygon Square(double lon, double lat) =>
        (Polygon)Parse(FormattableString.Invariant($"SRID=4326;POLYGON(({lon} {lat},{lon + 0.01} {lat},{lon + 0.01} {lat + 0.01},{lon} {lat + 0.01},{lon} {lat}))"));

    /// <summary>
    /// EWKT as PostGIS writes it, parsed by NTS (the SRID= prefix is PostGIS's, not WKT's).
    /// Without one the SRID stays NTS's "none" (-1), which is how the plugin reads PostGIS's 0.
    /// </summary>
    static Geometry Parse(string ewkt)
    {
        if (!ewkt.StartsWith("SRID=")) return new WKTReader().Read(ewkt);
        var geometry = new WKTReader().Read(ewkt[(ewkt.IndexOf(';') + 1)..]);
        geometry.SRID = int.Parse(ewkt[5..ewkt.IndexOf(';')]);
        return geometry;
    }

    /// <summary>Same type, SRID, XY (EqualsExact) and Z and M of every coordinate.</summary>
    static void AssertSameGeometry(Geometry expected, Geometry actual)
    {
        Assert.Equal(expected.GeometryType, actual.GeometryType);
        Assert.Equal(expected.SRID, actual.SRID);
        Assert.True(expected.EqualsExact(actual), $"expected {expected.AsText()} but read {actual.AsText()}");
        Assert.Equal(expected.Coordinates.Select(c => (c.Z, c.M)), actual.Coordinates.Select(c => (c.Z, c.M)));
    }
}
