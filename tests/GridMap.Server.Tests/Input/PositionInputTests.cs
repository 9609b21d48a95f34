using GridMap.Server.Input;

namespace GridMap.Tests.Input;

/// <summary>The one lon/lat check that bodies and query strings share; HostilePayloads drives it through every endpoint.</summary>
public class PositionInputTests
{
    [Fact]
    public void Names_each_field_out_of_range_or_missing()
    {
        var errors = PositionInput.Problems(180.5, null);
        Assert.Equal(["lat", "lon"], errors.Keys.Order());
        Assert.Equal("lon must be a number from −180 to 180", Assert.Single(errors["lon"]));
        Assert.Equal("lat must be a number from −90 to 90", Assert.Single(errors["lat"]));
        Assert.Empty(PositionInput.Problems(-180, 90));
    }

    [Fact]
    public void Query_text_that_is_not_a_plain_number_is_refused_like_a_missing_one()
    {
        Assert.Equal(["lat", "lon"], PositionInput.Problems("1,5", "NaN", out _, out _).Keys.Order());
        Assert.Empty(PositionInput.Problems("121.12", "-31.5e0", out var lon, out var lat));
        Assert.Equal((121.12, -31.5), (lon, lat));
    }

    [Fact]
    public void An_optional_place_is_neither_or_both()
    {
        Assert.Empty(PositionInput.OptionalProblems(null, null));
        Assert.Equal("give lon and lat together, or neither", Assert.Single(PositionInput.OptionalProblems(121, null)["lat"]));
        Assert.Equal(["lon"], PositionInput.OptionalProblems(double.NaN, 31).Keys);
    }
}
