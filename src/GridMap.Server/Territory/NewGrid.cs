using System.Text.Json.Nodes;

namespace GridMap.Server.Territory;

/// <summary>
/// A grid a boundary change adds (<see cref="AreaChanges"/>): a feature without <c>id</c> whose
/// <c>code</c> names a community of the caller's area, as DB11/T 2157 codes name their parent.
/// </summary>
static class NewGrid
{
    /// <summary>The community a new grid's code names; null when the feature has no grid code (the import's checks say why).</summary>
    public static string? ParentCode(GeoJsonFeature feature) =>
        feature.Properties.ValueKind == JsonValueKind.Object && feature.Properties.TryGetProperty("code", out var code)
        && code.ValueKind == JsonValueKind.String && AreaCode.LevelOf(code.GetString()) == AreaLevel.Grid
            ? AreaCode.ParentOf(code.GetString())
            : null;

    /// <summary>
    /// The properties the import's checks read: those given, as a grid (of the Party layer unless
    /// another is named, as in an import); null after adding the problem when the feature cannot be
    /// a new grid of the caller's.
    /// </summary>
    public static JsonElement? Properties(GeoJsonFeature feature, int index, IReadOnlySet<string> communities, List<AreaChanges.ChangeProblem> problems)
    {
        if (feature.Properties.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(index, null, null, "properties", "a new grid (a feature without id) needs properties: code and name"));
            return null;
        }
        var properties = JsonNode.Parse(feature.Properties.GetRawText())!.AsObject();
        var code = properties["code"]?.GetValueKind() == JsonValueKind.String ? properties["code"]!.GetValue<string>() : null;
        if (properties["level"] is { } level && (level.GetValueKind() != JsonValueKind.String || level.GetValue<string>() != AreaLevel.Grid.Name()))
        {
            problems.Add(new(index, null, code, "level", "only grids are added here; other levels come through the import"));
            return null;
        }
        if (ParentCode(feature) is { } parent && !communities.Contains(parent))
        {
            problems.Add(new(index, null, code, "code", $"the code names community {parent}, which is not a community of your area"));
            return null;
        }
        properties["level"] = AreaLevel.Grid.Name();
        return JsonSerializer.SerializeToElement(properties);
    }
}
