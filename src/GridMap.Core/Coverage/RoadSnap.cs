using NetTopologySuite.Geometries;

namespace GridMap.Core.Coverage;

/// <summary>A road of the walking network: its end vertices, its length in geodesic metres and its line in lon/lat.</summary>
public readonly record struct NetworkRoad(long Id, long Source, long Target, double LengthMetres, LineString Line);

/// <summary>
/// A point tied to the road network at the nearest point of its nearest road: the road, its end
/// vertices, how far along the road that nearest point lies from each end, and how far the point
/// itself lies off the road (walked in a straight line).
/// </summary>
public readonly record struct RoadSnap(long Road, long Source, long Target, double FromSourceMetres, double ToTargetMetres, double OffRoadMetres);

/// <summary>A station tied to the road network, with the walking distance it serves.</summary>
public readonly record struct WalkingStation(RoadSnap At, double RadiusMetres);

/// <summary>
/// The network distance from a start vertex to a vertex, one row of pgRouting's
/// <c>pgr_drivingDistance</c> (<c>from_v, node, agg_cost</c>).
/// </summary>
public readonly record struct VertexCost(long Start, long Vertex, double Metres);
