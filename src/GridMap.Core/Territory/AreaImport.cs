using System.Text.Json;
using System.Text.Json.Serialization;
using GridMap.Core.Spatial;
using GridMap.Core.Text;
using NetTopologySuite.Geometries;

namespace GridMap.Core.Territory;

/// <summary>
/// One reason a feature cannot be imported. <paramref name="Index"/> is the feature's position in the file;
/// <paramref name="Where"/>, for a conflict between areas, the piece in question (the overlap, the gap,
/// the part outside the parent), so that a map can draw it.
/// </summary>
public sealed record AreaProblem(int Index, string? Code, string Field, string Reason, [property: JsonIgnore] Geometry? Where = null);

/// <summary>
/// An area that passed every check. Its parent is either another feature of the same file
/// (<paramref name="ParentIndex"/>) or an area already stored (<paramref name="ParentId"/>); both
/// are null for a district.
/// </summary>
public sealed record ImportedArea(int Index, AreaLevel Level, AreaLayer? Layer, string Code, string Name,
    int? Population, MultiPolygon Boundary, int? ParentIndex, long? ParentId);

/// <summary>An area already in the database, as far as the import checks need it.</summary>
public sealed record ExistingArea(long Id, AreaLevel Level, AreaLayer? Layer, string Code, long? ParentId,
    Geometry Boundary);

/// <summary>How far a long step has gone: <paramref name="Done"/> of <paramref name="Total"/> features.</summary>
public readonly record struct ImportProgress(string Step, int Done, int Total);

/// <summary>Either every area, parents before children, or every problem (and no areas).</summary>
public sealed record AreaImportResult(IReadOnlyList<ImportedArea> Areas, IReadOnlyList<AreaProblem> Problems)
{
    public bool Accepted => Problems.Count == 0;
}

/// <summary>
/// Checks a FeatureCollection of areas before anything is written; an import is all or nothing,
/// so every problem of every feature is collected rather than stopping at the first.
/// <list type="bullet">
/// <item>Each feature: readable Polygon/MultiPolygon geometry, lon/lat in range and not swapped,
/// valid (no self-intersection…); level, code, layer, name, parentCode and population as the
/// schema and DB11/T 2157 want them.</item>
/// <item>Codes are unique per layer, within the file and against the database: an import adds
/// areas, it never replaces them.</item>
/// <item>Each child lies inside its parent (in the file or stored) within <see cref="ToleranceMetres"/>.</item>
/// <item>Grids of one community and layer overlap pairwise by at most <see cref="ToleranceSquareMetres"/>,
/// counting the grids already stored under that community too.</item>
/// <item>Gaps: when the file brings grids of some layer for a community, the community must be
/// covered by all its grids of that layer (stored and imported) up to gaps of at most
/// <see cref="ToleranceSquareMetres"/> each. A community the file brings no grids for is not
/// checked, so districts, streets and communities can be imported before their grids. Micro-grids
/// need only lie inside their grid: they need not tile it.</item>
/// </list>
/// Topology (inside, overlapping, uncovered) is decided in lon/lat, where the stored geometries
/// live; the pieces that result are measured in metres, in a <see cref="LocalProjection"/>
/// centred on their parent. Coordinates are kept to 1e-9° (0.1 mm).
/// A problem that only follows from another is left out: the children of a feature too broken
/// to be identified are not also reported orphaned, nor is its community reported as a gap.
/// </summary>
public static class AreaImport
{
    public const double ToleranceMetres = 1.0;
    public const double ToleranceSquareMetres = 1.0;

    /// <summary>The codes whose stored areas <see cref="Validate"/> needs: each feature's code and its parent's.</summary>
    public static IReadOnlySet<string> CodesToLookUp(IEnumerable<GeoJsonFeature> features)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in features)
        {
            if (f.Properties.ValueKind != JsonValueKind.Object
                || !f.Properties.TryGetProperty("code", out var c)
                || c.ValueKind != JsonValueKind.String
                || StorableText.TryRead(c, "code", out var code) is not null
                || AreaCode.LevelOf(code) is null) continue;
            codes.Add(code);
            if (AreaCode.ParentOf(code) is { } parent) codes.Add(parent);
        }
        return codes;
    }

    /// <param name="existing">The stored areas with a code from <see cref="CodesToLookUp"/>, and the
    /// grids stored under those of them that are communities.</param>
    public static AreaImportResult Validate(IReadOnlyList<GeoJsonFeature> features, IEnumerable<ExistingArea> existing,
        IProgress<ImportProgress>? progress = null)
    {
        var stored = existing.ToList();
        var problems = new List<AreaProblem>();
        var candidates = new List<AreaCandidate>(features.Count);
        foreach (var feature in features)
        {
            candidates.Add(AreaFeature.Read(feature, problems));
            progress?.Report(new("checking features", candidates.Count, features.Count));
        }

        var inFile = FindDuplicates(candidates, stored, problems);
        FindParents(candidates, inFile, stored, problems);
        AreaNesting.CheckAll(candidates, stored, problems, progress);

        if (problems.Count > 0) return new([], problems.OrderBy(p => p.Index).ToList());
        return new(candidates.OrderBy(c => c.Level).ThenBy(c => c.Index).Select(c => new ImportedArea(
            c.Index, c.Level!.Value, c.Layer, c.Code!, c.Name!, c.Population, c.Boundary!,
            c.FileParent?.Index, c.StoredParent?.Id)).ToList(), []);
    }

    static Dictionary<(string, AreaLayer?), AreaCandidate> FindDuplicates(List<AreaCandidate> candidates,
        List<ExistingArea> stored, List<AreaProblem> problems)
    {
        var byKey = stored.ToDictionary(a => (a.Code, a.Layer));
        var inFile = new Dictionary<(string, AreaLayer?), AreaCandidate>();
        foreach (var c in candidates.Where(c => c.Identified))
        {
            var inLayer = c.Layer is { } layer ? $" in the {layer.Name()} layer" : "";
            if (inFile.TryGetValue(c.Key, out var first))
            {
                c.Duplicate = true;
                problems.Add(new(c.Index, c.Code, "code", $"duplicate code{inLayer}: feature {first.Index} has the same code"));
            }
            else
            {
                inFile[c.Key] = c;
                if (byKey.TryGetValue(c.Key, out var old))
                {
                    c.Duplicate = true;
                    problems.Add(new(c.Index, c.Code, "code",
                        $"duplicate code{inLayer}: area {old.Id} in the database has it already (an import adds areas, it never replaces them)"));
                }
            }
        }
        return inFile;
    }

    static void FindParents(List<AreaCandidate> candidates, Dictionary<(string, AreaLayer?), AreaCandidate> inFile,
        List<ExistingArea> stored, List<AreaProblem> problems)
    {
        var byKey = stored.ToDictionary(a => (a.Code, a.Layer));
        // A parent that is in the file but broken has its own problem; "missing" would mislead.
        var broken = candidates.Where(c => !c.Identified && c.GivenCode is not null).Select(c => c.GivenCode!).ToHashSet();
        foreach (var c in candidates.Where(c => c.Identified && !c.Duplicate && c.Level != AreaLevel.District))
        {
            // A micro-grid's parent is a grid of the same layer; any other parent has no layer.
            var parentLayer = c.Level == AreaLevel.MicroGrid ? c.Layer : null;
            var key = (AreaCode.ParentOf(c.Code)!, parentLayer);
            if (inFile.TryGetValue(key, out var fileParent)) c.FileParent = fileParent;
            else if (byKey.TryGetValue(key, out var storedParent)) c.StoredParent = storedParent;
            else if (!broken.Contains(key.Item1))
            {
                var what = $"{(c.Level!.Value - 1).Name()} {key.Item1}" + (parentLayer is { } l ? $" ({l.Name()} layer)" : "");
                problems.Add(new(c.Index, c.Code, "parentCode", $"the parent {what} is neither in this file nor in the database"));
            }
        }
    }
}
