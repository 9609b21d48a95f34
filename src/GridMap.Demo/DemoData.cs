using GridMap.Core.Spatial;
using NetTopologySuite.Geometries;

namespace GridMap.Demo;

/// <summary>An area of the territory; <see cref="Layer"/> is set for grids only ("party": 党建网格).</summary>
public sealed record DemoArea(string Level, string? Layer, string Code, string Name, string? ParentCode, int Population, MultiPolygon Boundary);

/// <summary>A Party-member household pin. <see cref="GridCode"/> is the grid it was placed in, for checking; files leave it out, as the grid is derived from the location.</summary>
public sealed record DemoHousehold(string Name, int Members, string Kind, string Phone, string GridCode, Point Location);

public sealed record DemoStation(string Name, string Level, string AreaCode, Point Location, int RadiusMetres, string OpeningHours, IReadOnlyList<string> Services);

public sealed record DemoStaff(string Name, string Role, string HomeGridCode, string Phone, bool OnDuty, Point Location);

/// <summary>A generated district; <see cref="Projection"/> is the local metric frame it was built in.</summary>
public sealed record DemoDistrictData(
    LocalProjection Projection,
    IReadOnlyList<DemoArea> Areas,
    IReadOnlyList<DemoHousehold> Households,
    IReadOnlyList<DemoStation> Stations,
    IReadOnlyList<DemoStaff> Staff,
    IReadOnlyList<DemoRoad> Roads);

/// <summary>Grids alone, for benchmarks: lon/lat polygons that tile a district.</summary>
public sealed class DemoGrids
{
    public required Polygon[] Boundaries { get; init; }
    public required LocalProjection Projection { get; init; }
    internal Coordinate[][] MetricRings { get; init; } = [];
}

/// <summary>Points for benchmarks as flat arrays; <see cref="Grid"/> is the index of the grid each lies in.</summary>
public sealed record DemoPoints(double[] Lon, double[] Lat, int[] Grid);
