using NetTopologySuite.Geometries;

namespace GridMap.Core.Territory;

/// <summary>What one feature says, as far as it could be read; filled in as the checks go.</summary>
sealed class AreaCandidate(int index)
{
    public int Index { get; } = index;
    /// <summary>The code as the feature gives it, well-formed or not.</summary>
    public string? GivenCode { get; set; }
    /// <summary>Well-formed, whatever the level says.</summary>
    public string? Code { get; set; }
    public AreaLevel? Level { get; set; }
    public AreaLayer? Layer { get; set; }
    public string? Name { get; set; }
    public int? Population { get; set; }
    /// <summary>Valid and in lon/lat; null when the geometry has a problem.</summary>
    public MultiPolygon? Boundary { get; set; }

    /// <summary>Code, level and layer agree, so the feature can be matched with its parent and its siblings.</summary>
    public bool Identified { get; set; }
    public (string Code, AreaLayer? Layer) Key => (Code!, Layer);
    public bool Duplicate { get; set; }
    public AreaCandidate? FileParent { get; set; }
    public ExistingArea? StoredParent { get; set; }
}
