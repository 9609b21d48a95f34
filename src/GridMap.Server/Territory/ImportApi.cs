using GridMap.Server.Import;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace GridMap.Server.Territory;

public sealed record ImportSummary(int Imported, IReadOnlyDictionary<string, int> ByLevel);

/// <summary>
/// <c>POST /api/import/areas</c>: a GeoJSON FeatureCollection of areas, imported all or nothing.
/// 201 with the counts; 400 with every problem in <c>errors</c>: [{index, code, field, reason}];
/// 409 when the database refuses the write; 413 beyond <c>GRIDMAP_IMPORT_MAX_BYTES</c> (50 MB).
/// </summary>
public static class ImportApi
{
    public const long DefaultMaxBytes = 50L * 1024 * 1024;

    public static RouteGroupBuilder MapImport(this IEndpointRouteBuilder app)
    {
        ImportFile.RegisterEncodings();
        var group = app.MapGroup("/api/import").WithTags("import").RequireAuthorization(Access.Import);
        group.MapPost("/areas", (HttpRequest request, Caller caller, NpgsqlDataSource db, IConfiguration config, CancellationToken ct) =>
                ImportEndpoints.IsUpload(request) || request.Query.ContainsKey("crs") || request.Query.ContainsKey("dryRun")
                    ? ImportEndpoints.ImportFile("areas", request, caller, db, config, ct)
                    : ImportAreas(request, db, config, ct))
            .Accepts<JsonElement>("application/geo+json", "application/json", "multipart/form-data")
            .DisableAntiforgery()
            .WithBodyLimit(null) // its own, GRIDMAP_IMPORT_MAX_BYTES
            .WithSummary("Import a GeoJSON FeatureCollection of areas, all or nothing");
        group.MapImportFiles();
        return group;
    }

    static async Task<IResult> ImportAreas(
        HttpRequest request, NpgsqlDataSource db, IConfiguration config, CancellationToken ct)
    {
        var maxBytes = config.GetValue("GRIDMAP_IMPORT_MAX_BYTES", DefaultMaxBytes);
        if (!request.HasJsonContentType())
            return TypedResults.Problem(title: "Unsupported media type", statusCode: 415,
                detail: $"send the FeatureCollection as application/geo+json or application/json, not {request.ContentType ?? "no content type"}");
        if (request.ContentLength > maxBytes) return TooLarge(maxBytes);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes;

        using var body = new MemoryStream();
        try
        {
            if (!await ReadAtMostAsync(request.Body, body, maxBytes, ct)) return TooLarge(maxBytes);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(maxBytes);
        }
        body.Position = 0;

        return Answer(await AreaImporter.ImportAsync(db, body, null, ct));
    }

    /// <summary>201 with the counts, or the problem that stopped the import (nothing written).</summary>
    public static Results<Created<ImportSummary>, ProblemHttpResult> Answer(ImportOutcome outcome) => outcome switch
        {
            ImportOutcome.Imported i => TypedResults.Created("/api/areas", new ImportSummary(i.Count, i.ByLevel)),
            ImportOutcome.Rejected r => TypedResults.Problem(Rejection(r)),
            ImportOutcome.Unreadable u => TypedResults.Problem(title: "The body is not a GeoJSON FeatureCollection", detail: u.Reason, statusCode: 400),
            ImportOutcome.Refused f => TypedResults.Problem(title: "The database refused the import", statusCode: 409,
                detail: $"{f.Reason}; nothing was written"),
            var other => throw new InvalidOperationException($"unexpected outcome {other}"),
        };

    /// <summary>RFC 7807 with an <c>errors</c> extension: one entry per problem, by feature index.</summary>
    static ProblemDetails Rejection(ImportOutcome.Rejected r) => new()
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "The areas were not imported",
        Detail = $"{r.Problems.Count} problem(s) in {r.Problems.Select(p => p.Index).Distinct().Count()} of {r.Features} features; nothing was written",
        Extensions = { ["errors"] = r.Problems },
    };

    static ProblemHttpResult TooLarge(long maxBytes) => TypedResults.Problem(title: "The body is too large",
        statusCode: StatusCodes.Status413PayloadTooLarge,
        detail: $"an import may be at most {maxBytes:N0} bytes; split the file, for instance one street at a time");

    static async Task<bool> ReadAtMostAsync(Stream from, MemoryStream to, long maxBytes, CancellationToken ct)
    {
        var buffer = new byte[81920];
        int n;
        while ((n = await from.ReadAsync(buffer, ct)) > 0)
        {
            if (to.Length + n > maxBytes) return false;
            to.Write(buffer, 0, n);
        }
        return true;
    }
}
