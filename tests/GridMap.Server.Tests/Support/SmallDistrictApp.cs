namespace GridMap.Tests.Support;

/// <summary>The server on <see cref="SmallDistrict"/>: a fixture that needs more rows or other settings derives from this one.</summary>
public class SmallDistrictApp : GridMapApp
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SmallDistrict.SeedAsync(this);
    }
}
