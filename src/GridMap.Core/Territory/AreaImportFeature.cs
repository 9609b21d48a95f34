using System.Text.Json;
using GridMap.Core.Spatial;
using GridMap.Core.Text;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace GridMap.Core.Territory;

/// <summary>The checks that need one feature only: its properties and its geometry.</summary>
static class AreaFeature
{
    public static AreaCandidate Read(GeoJsonFeature feature, List<AreaProblem> problems)
    {
        var p = feature.Properties;
        var givenCode = p.ValueKind == JsonValueKind.Object && p.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String
            && StorableText.TryRead(c, "code", out var code) is null ? code : null;
        var candidate = new AreaCandidate(feature.Index) { GivenCode = givenCode };
        var failed = new HashSet<string>();
        void Problem(string field, string reason)
        {
            failed.Add(field);
            problems.Add(new(feature.Index, givenCode, field, reason));
        }

        if (p.ValueKind == JsonValueKind.Object) ReadProperties(p, candidate, Problem);
        else Problem("properties", "missing: a feature needs the properties level, code and name");
        candidate.Identified = candidate.Code is not null && candidate.Level is not null
            && !failed.Overlaps(["level", "code", "layer"]);
        candidate.Boundary = ReadBoundary(feature, Problem);
        return candidate;
    }

    static void ReadProperties(JsonElement p, AreaCandidate c, Action<string, string> problem)
    {
        var level = Text(p, "level", problem, $"missing: expected {AreaNames.LevelList}");
        c.Level = AreaNames.ParseLevel(level);
        if (level is not null && c.Level is null) problem("level", $"unknown level \"{level}\": expected {AreaNames.LevelList}");

        var code = Text(p, "code", problem, "missing: expected a DB11/T 2157 area code");
        var codeLevel = AreaCode.LevelOf(code);
        if (code is not null && codeLevel is null)
            problem("code", $"\"{code}\" is not an area code: 6 digits for the district, then 3 per level (6, 9, 12, 15 or 18 digits)");
        else if (codeLevel is { } fromCode && c.Level is { } stated && fromCode != stated)
            problem("code", $"a {stated.Name()} code has {AreaCode.Length(stated)} digits; \"{code}\" has {code!.Length}, as a {fromCode.Name()} code");
        if (codeLevel is not null) c.Code = code;

        var layer = Text(p, "layer", problem);
        var parsedLayer = AreaNames.ParseLayer(layer);
        if (layer is not null && parsedLayer is null) problem("layer", $"unknown layer \"{layer}\": expected {AreaNames.LayerList}");
        else if (layer is not null && c.Level is { } l && !l.HasLayer()) problem("layer", $"only grids and micro-grids have a layer, not a {l.Name()}");
        if (c.Level?.HasLayer() == true) c.Layer = parsedLayer ?? AreaLayer.Party;

        var name = Text(p, "name", problem, "missing: every area needs a name");
        if (name is not null && string.IsNullOrWhiteSpace(name)) problem("name", "blank: every area needs a name");
        else c.Name = name;

        var parentCode = Text(p, "parentCode", problem);
        if (parentCode is not null && c.Code is not null)
        {
            var derived = AreaCode.ParentOf(c.Code);
            if (derived is null) problem("parentCode", "a district has no parent code (cities are not stored); leave it out");
            else if (parentCode != derived) problem("parentCode", $"\"{parentCode}\" does not match the code: the parent of {c.Code} is {derived}");
        }

        if (p.TryGetProperty("population", out var population) && population.ValueKind != JsonValueKind.Null)
        {
            if (population.ValueKind == JsonValueKind.Number && population.TryGetInt32(out var n) && n >= 0) c.Population = n;
            else problem("population", $"must be a whole number ≥ 0, not {population.GetRawText()}");
        }
    }

    /// <summary>A string property; null when absent (a problem if <paramref name="missing"/> says why) or not a string.</summary>
    static string? Text(JsonElement p, string name, Action<string, string> problem, string? missing = null)
    {
        if (!p.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (missing is not null) problem(name, missing);
            return null;
        }
        if (v.ValueKind == JsonValueKind.String)
        {
            if (StorableText.TryRead(v, name, out var text) is not { } refused) return text;
            problem(name, refused[(name.Length + 1)..]);
            return null;
        }
        problem(name, $"must be a string, not {v.GetRawText()}");
        return null;
    }

    static MultiPolygon? ReadBoundary(GeoJsonFeature feature, Action<string, string> problem)
    {
        if (feature.Error is not null || feature.Geometry is null)
        {
            problem("geometry", feature.Error ?? "missing");
            return null;
        }
        var g = feature.Geometry;
        if (g is not (Polygon or MultiPolygon))
        {
            problem("geometry", $"a {g.GeometryType} is not an area: expected Polygon or MultiPolygon");
            return null;
        }
        if (g.IsEmpty)
        {
            problem("geometry", "empty: an area needs at least one polygon");
            return null;
        }
        var positions = g.Coordinates;
        if (positions.All(LooksLikeLatLonInChina))
        {
            problem("geometry", $"coordinates look like lat/lon (the first is {Position(positions[0])}); GeoJSON wants lon/lat");
            return null;
        }
        if (positions.FirstOrDefault(c => !LonLat.IsLon(c.X) || !LonLat.IsLat(c.Y)) is { } outside)
        {
            problem("geometry", $"position {Position(outside)} is outside lon [-180, 180], lat [-90, 90]");
            return null;
        }
        g = Rounded(g);
        if (new IsValidOp(g).ValidationError is { } error)
        {
            var at = error.Coordinate is { } c ? $" at {Position(c)}" : "";
            problem("geometry", $"invalid: {char.ToLowerInvariant(error.Message[0])}{error.Message[1..]}{at}");
            return null;
        }
        return g as MultiPolygon ?? g.Factory.CreateMultiPolygon([(Polygon)g]);
    }

    /// <summary>
    /// A copy with coordinates kept to 1e-9° (0.1 mm). Float noise such as 116.30200000000001 for
    /// 116.302 would otherwise stop neighbours from sharing their vertices, and turn the fast checks
    /// of a clean coverage into slow ones. Validity is checked after rounding, so it never hides a problem.
    /// </summary>
    static Geometry Rounded(Geometry g)
    {
        var copy = g.Copy();
        copy.Apply(new RoundFilter());
        copy.GeometryChanged();
        return copy;
    }

    sealed class RoundFilter : ICoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;
        public void Filter(CoordinateSequence seq, int i)
        {
            seq.SetX(i, Math.Round(seq.GetX(i), 9));
            seq.SetY(i, Math.Round(seq.GetY(i), 9));
        }
    }

    /// <summary>China spans lon 73–136, lat 18–54: a position the other way round was written lat first.</summary>
    static bool LooksLikeLatLonInChina(Coordinate c) => c.X is >= 18 and <= 54 && c.Y is >= 73 and <= 136;

    /// <summary>7 decimals: about 1 cm, as GeoJSON is written.</summary>
    static string Position(Coordinate c) => FormattableString.Invariant($"[{Math.Round(c.X, 7)}, {Math.Round(c.Y, 7)}]");
}
