namespace GridMap.Core.Tests;
public class SmokeTests { [Fact] public void Nts_is_available() => Assert.NotNull(NetTopologySuite.NtsGeometryServices.Instance); }
