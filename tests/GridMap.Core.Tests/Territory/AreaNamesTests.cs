using GridMap.Core.Territory;

namespace GridMap.Core.Tests.Territory;

public class AreaNamesTests
{
    [Fact]
    public void Every_level_and_layer_name_parses_back_to_itself()
    {
        Assert.All(Enum.GetValues<AreaLevel>(), l => Assert.Equal(l, AreaNames.ParseLevel(l.Name())));
        Assert.All(Enum.GetValues<AreaLayer>(), l => Assert.Equal(l, AreaNames.ParseLayer(l.Name())));
        Assert.Equal(["district", "street", "community", "grid", "micro_grid"], AreaNames.LevelNames);
        Assert.Null(AreaNames.ParseLevel("Grid"));
    }

    [Fact]
    public void Lists_read_as_a_sentence() =>
        Assert.Equal("party, governance or city_management", AreaNames.LayerList);

    [Fact]
    public void Stations_serve_every_level_but_the_micro_grid() =>
        Assert.Equal(["district", "street", "community", "grid"], AreaNames.StationLevels.Select(l => l.Name()));
}
