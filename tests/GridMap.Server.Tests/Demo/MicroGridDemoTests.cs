using GridMap.Demo;

namespace GridMap.Tests.Demo;

/// <summary>A small district generated with <c>--micro-grids 6</c> and loaded by demo load (through the area import's checks).</summary>
public sealed class MicroGridDistrictApp() : GeneratedDistrictApp(Options)
{
    public static readonly DemoOptions Options = new() { Grids = 30, Households = 100, MicroGrids = 6 };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Assert.True(Loaded);
    }
}

public class MicroGridDemoTests(MicroGridDistrictApp app) : IClassFixture<MicroGridDistrictApp>
{
    [Fact]
    public void Without_the_option_there_are_no_micro_grids()
    {
        Assert.DoesNotContain(DemoDistrict.Generate(MicroGridDistrictApp.Options with { MicroGrids = 0 }).Areas, a => a.Level == "micro_grid");
    }

    [Fact]
    public async Task MicroGrids_of_the_demo_tile_their_grids_and_load_under_them()
    {
        var generated = app.Generated.Areas.Where(a => a.Level == "micro_grid").ToList();
        Assert.Equal(6, generated.Select(a => a.ParentCode).Distinct().Count());
        Assert.InRange(generated.Count, 6 * 2, 6 * 4);
        // Checked by PostGIS: each grid split is the union of its micro-grids, but for the rounding of the
        // files' coordinates along its edges (a ten-thousandth of its area), each under its grid, in its layer.
        var grids = await Sql.QueryAsync(app.Database.ConnectionString, """
            SELECT g.code, count(m.id), bool_and(m.layer = g.layer AND m.code LIKE g.code || '___'),
                   ST_Area(ST_SymDifference(g.boundary, ST_Union(m.boundary))::geography) / ST_Area(g.boundary::geography)
            FROM areas g JOIN areas m ON m.parent_id = g.id AND m.level = 'micro_grid'
            GROUP BY g.id ORDER BY g.code
            """, r => (Code: r.GetString(0), Count: r.GetInt64(1), Coded: r.GetBoolean(2), Difference: r.GetDouble(3)));
        Assert.Equal(generated.Select(a => a.ParentCode).Distinct().Order(StringComparer.Ordinal), grids.Select(g => g.Code));
        Assert.Equal(generated.Count, grids.Sum(g => g.Count));
        Assert.All(grids, g => Assert.True(g.Coded && g.Difference < 1e-4, $"{g.Code}: {g.Difference:P4} of its area differs"));
    }
}
