using GridMap.Server.Territory;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace GridMap.Server.Import;

/// <summary>
/// <c>POST /api/import/{kind}?crs=…&amp;dryRun=true|false</c> with the file in the multipart field
/// <c>file</c> (kind = households, stations, staff, areas), and <c>POST /api/import/{id}/undo</c>.
/// A dry run answers 200 with the <see cref="ImportReport"/>; an applied import 201 with it, or 400
/// with it (in <c>report</c>) and every bad row (in <c>errors</c>) when nothing was written.
/// With <c>Accept: application/x-ndjson</c> the answer streams one progress line
/// (<c>{"step","done","total"}</c>) about every half second and ends with <c>{"status", "report"}</c>:
/// a page shows progress from the one request it made, with no job to keep on the server.
/// </summary>
public static class ImportEndpoints
{
    public const string NdJson = "application/x-ndjson";

    public static void MapImportFiles(this RouteGroupBuilder group)
    {
        group.MapPost("/{kind}", ImportFile)
            .Accepts<IFormFile>("multipart/form-data")
            .WithBodyLimit(null) // its own, GRIDMAP_IMPORT_MAX_BYTES
            .DisableAntiforgery()
            .WithSummary("Import households, stations, staff or areas from CSV, XLSX, GeoJSON, a zipped Shapefile or a GeoPackage");
        group.MapPost("/{id:long}/undo", Undo).WithSummary("Undo the last import");
        group.MapGet("/", Recent).WithSummary("The latest imports, newest first, and which of them can be undone");
        group.MapGet("/crs", CoordinateSystems).WithSummary("The coordinate systems an import may be declared in (crs=)");
    }

    /// <summary>How many imports <c>GET /api/import/</c> lists.</summary>
    public const int RecentImports = 20;

    public sealed record CrsChoice(string Name, string Title, bool Geographic);

    static Ok<IEnumerable<CrsChoice>> CoordinateSystems() =>
        TypedResults.Ok(Crs.All.Select(c => new CrsChoice(c.Name, c.Title, c.IsGeographic)));

    /// <summary>
    /// An import as the list shows it. <paramref name="Undoable"/>: the last import not yet undone,
    /// the only one undo may take (it may still refuse, when its rows or areas changed since).
    /// </summary>
    /// <param name="At">When, as every time leaves the server (<c>api_time</c>).</param>
    public sealed record ImportEntry(long Id, string At, string Actor, string Kind, string File, string Crs,
        int Added, int Changed, int Unchanged, string? UndoneAt, string? UndoneBy, bool Undoable);

    static async Task<Ok<List<ImportEntry>>> Recent(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.Command("""
            SELECT id, api_time(at), actor, kind, file_name, crs, added, changed, unchanged, api_time(undone_at), undone_by,
                   id IS NOT DISTINCT FROM (SELECT max(id) FROM imports WHERE undone_at IS NULL)
            FROM imports ORDER BY id DESC LIMIT @limit
            """, ("limit", RecentImports));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<ImportEntry>();
        while (await r.ReadAsync(ct))
            list.Add(new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
                r.GetInt32(6), r.GetInt32(7), r.GetInt32(8), r.IsDBNull(9) ? null : r.GetString(9),
                r.IsDBNull(10) ? null : r.GetString(10), r.GetBoolean(11)));
        return TypedResults.Ok(list);
    }

    /// <summary>Whether a request to the areas route is a file upload (else the older JSON body import).</summary>
    public static bool IsUpload(HttpRequest request) => request.HasFormContentType;

    public static async Task<IResult> ImportFile(string kind, HttpRequest request, Caller caller, NpgsqlDataSource db,
        IConfiguration config, CancellationToken ct)
    {
        if (!Enum.TryParse<ImportKind>(kind, ignoreCase: true, out var k) || !Enum.IsDefined(k) || int.TryParse(kind, out _))
            return Problems.NotFound("import kind", $"'{kind}' is not a kind of import: areas, households, stations or staff");
        var crs = Crs.Parse(request.Query["crs"], out var crsProblem);
        if (crs is null) return Problems.Invalid("crs", crsProblem!);
        var dryRunText = request.Query["dryRun"].ToString();
        if (dryRunText is not ("" or "true" or "false")) return Problems.Invalid("dryRun", $"'{dryRunText}' is neither true nor false");
        var dryRun = dryRunText == "true";
        var limits = ImportLimits.From(config);
        // Areas have always come as a GeoJSON body; with crs= or dryRun= they take this way.
        var (upload, refusal) = k == ImportKind.Areas && request.HasJsonContentType() ? await ReadBodyAsync(request, limits.MaxBytes, ct)
            : request.HasFormContentType ? await ReadUploadAsync(request, limits.MaxBytes, ct)
            : (null, TypedResults.Problem(title: "Unsupported media type", statusCode: 415,
                detail: $"send the file as multipart/form-data in the field 'file', not {request.ContentType ?? "no content type"}"));
        if (refusal is not null) return refusal;
        SourceTable table;
        try { table = Import.ImportFile.Read(upload!.Value.Bytes, limits); }
        catch (ImportFileException e) { return FileRefused(e); }

        var actor = caller.Username;
        if (k == ImportKind.Areas) return await ImportAreasAsync(db, table, upload!.Value.Name, crs, dryRun, actor, ct);
        if (request.Headers.Accept.ToString().Contains(NdJson, StringComparison.OrdinalIgnoreCase))
            return new StreamedImport((progress, token) => PointImporter.RunAsync(db, k, table, upload!.Value.Name, crs, dryRun, actor, progress, token));
        try
        {
            return Answer(await PointImporter.RunAsync(db, k, table, upload!.Value.Name, crs, dryRun, actor, null, ct));
        }
        catch (ImportFileException e) { return FileRefused(e); }
    }

    public static IResult Answer(ImportReport report) =>
        report.DryRun ? TypedResults.Ok(report)
        : report.Accepted ? TypedResults.Created($"/api/import/{report.ImportId}", report)
        : TypedResults.Problem(Rejection(report));

    static ProblemDetails Rejection(ImportReport report) => new()
    {
        Status = StatusCodes.Status400BadRequest,
        Title = $"The {report.Kind} were not imported",
        Detail = $"{report.Problems.Count} problem(s) in {report.Problems.Select(p => p.Line).Distinct().Count()} of {report.Rows} rows; nothing was written"
            + (report.Notes.Count > 0 ? ". " + string.Join(". ", report.Notes) : ""),
        Extensions = { ["errors"] = report.Problems, ["report"] = report },
    };

    static ProblemHttpResult FileRefused(ImportFileException e) => TypedResults.Problem(
        title: e.Status switch { 413 => "The file is too large", 415 => "Unsupported file", 409 => "Nothing to import into", _ => "The file cannot be read" },
        detail: e.Message, statusCode: e.Status);

    static ProblemHttpResult TooLarge(long maxBytes) => TypedResults.Problem(title: "The file is too large",
        statusCode: StatusCodes.Status413PayloadTooLarge,
        detail: $"an import may be at most {maxBytes:N0} bytes; split the file, for instance one street at a time");

    static async Task<((string Name, byte[] Bytes)? Upload, IResult? Refusal)> ReadBodyAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) return (null, TooLarge(maxBytes));
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes;
        try
        {
            var bytes = await ReadAtMostAsync(request.Body, maxBytes, ct);
            return bytes is null ? (null, TooLarge(maxBytes)) : (("body.geojson", bytes), null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return (null, TooLarge(maxBytes)); }
    }

    static async Task<byte[]?> ReadAtMostAsync(Stream from, long maxBytes, CancellationToken ct)
    {
        using var bytes = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = await from.ReadAsync(buffer, ct)) > 0)
        {
            if (bytes.Length + n > maxBytes) return null;
            bytes.Write(buffer, 0, n);
        }
        return bytes.ToArray();
    }

    /// <summary>The multipart field <c>file</c>, read up to the limit; the rest of the body is not read.</summary>
    static async Task<((string Name, byte[] Bytes)? Upload, IResult? Refusal)> ReadUploadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes + 64 * 1024) return (null, TooLarge(maxBytes));
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes + 64 * 1024;
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || request.ContentType!.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            return (null, Problems.Invalid("file", "send the file as multipart/form-data in the field 'file'"));
        try
        {
            var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = maxBytes };
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !HeaderUtilities.RemoveQuotes(disposition.Name).Equals("file", StringComparison.Ordinal)) continue;
                var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                var bytes = await ReadAtMostAsync(section.Body, maxBytes, ct);
                return bytes is null ? (null, TooLarge(maxBytes)) : ((Path.GetFileName(name is { Length: > 0 } ? name : "upload"), bytes), null);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return (null, TooLarge(maxBytes)); }
        catch (InvalidDataException e) when (e.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase)) { return (null, TooLarge(maxBytes)); }
        catch (IOException e) { return (null, Problems.Invalid("file", $"the multipart body cannot be read: {e.Message}")); }
        return (null, Problems.Invalid("file", "no field 'file' in the form: send the file in it"));
    }

    public static async Task<IResult> ImportAreasAsync(NpgsqlDataSource db, SourceTable table, string fileName, Crs crs, bool dryRun, string actor, CancellationToken ct)
    {
        var (outcome, id) = await AreaRows.ImportAsync(db, table, fileName, crs, dryRun, actor, null, ct);
        if (outcome is not ImportOutcome.Imported imported) return ImportApi.Answer(outcome);
        var report = new { importId = id, dryRun, kind = "areas", file = fileName, crs = crs.Name, added = imported.Count, byLevel = imported.ByLevel };
        return dryRun ? TypedResults.Ok(report) : TypedResults.Created($"/api/import/{id}", report);
    }

    static async Task<IResult> Undo(long id, Caller caller, NpgsqlDataSource db, CancellationToken ct) =>
        await (await AreaUndo.IsAreasImportAsync(db, id, ct)
            ? AreaUndo.UndoAsync(db, id, caller.Username, ct) : PointImporter.UndoAsync(db, id, caller.Username, ct)) switch
        {
            PointImporter.UndoOutcome.Undone u => TypedResults.Ok(u),
            AreaUndo.Undone u => TypedResults.Ok(u),
            PointImporter.UndoOutcome.NotFound => Problems.NotFound("import", $"there is no import {id}"),
            PointImporter.UndoOutcome.Refused r => TypedResults.Problem(title: "The import cannot be undone", detail: r.Reason, statusCode: 409),
            var other => throw new InvalidOperationException($"unexpected outcome {other}"),
        };

    /// <summary>The NDJSON answer: progress lines while the import runs, then the outcome.</summary>
    sealed class StreamedImport(Func<IProgress<ImportProgress>, CancellationToken, Task<ImportReport>> run) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var ct = http.RequestAborted;
            http.Response.ContentType = NdJson;
            var latest = new LatestProgress();
            var work = run(latest, ct);
            var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            Task Step(ImportProgress progress) => Line(http, new { step = progress.Step, done = progress.Done, total = progress.Total }, options, ct);
            while (!work.IsCompleted)
            {
                await Task.WhenAny(work, Task.Delay(500, ct));
                if (latest.Take() is { } p) await Step(p);
            }
            // The work may have ended between the last look and the loop's test: its last step is still news.
            if (latest.Take() is { } last) await Step(last);
            object outcome;
            try
            {
                var report = await work;
                outcome = new { status = report.DryRun ? 200 : report.Accepted ? 201 : 400, report };
            }
            catch (ImportFileException e) { outcome = new { status = e.Status, detail = e.Message }; }
            await Line(http, outcome, options, ct);
        }

        static async Task Line(HttpContext http, object value, JsonSerializerOptions options, CancellationToken ct)
        {
            await http.Response.WriteAsync(JsonSerializer.Serialize(value, options) + "\n", Encoding.UTF8, ct);
            await http.Response.Body.FlushAsync(ct);
        }
    }

    sealed class LatestProgress : IProgress<ImportProgress>
    {
        object? latest;
        public void Report(ImportProgress value) => Interlocked.Exchange(ref latest, value);
        public ImportProgress? Take() => Interlocked.Exchange(ref latest, null) as ImportProgress?;
    }
}
