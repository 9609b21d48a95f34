namespace GridMap.Server.Cases;

/// <summary>
/// Photos of a case: one image per <c>POST /api/cases/{id}/media</c> (multipart, field <c>file</c>),
/// checked and stripped by <see cref="Photos"/>, kept as files in the media folder
/// (<see cref="MediaFolder"/>) with a row in <c>case_media</c>; served only to those who see the case
/// (<see cref="CaseAccess"/>: its reporter too). Adding one is recorded in the case's audit trail
/// (<c>add_photo</c>) and pushed to live maps with the case's new <c>mediaCount</c>.
/// </summary>
public static class MediaApi
{
    public const int MaxPerCase = 10;
    /// <summary>The photo plus the multipart envelope around it.</summary>
    const long MaxRequestBytes = Photos.MaxBytes + (64 << 10);

    public static void MapMedia(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases/{id:long}/media").WithTags("cases");
        // The sign-in cookie is SameSite=Strict, so no other site's form can post here with it.
        cases.MapPost("/", Add).RequireAuthorization(Access.AddCaseMedia).WithBodyLimit(MaxRequestBytes).DisableAntiforgery();
        cases.MapGet("/", List).RequireAuthorization(Access.ReadCase);
        var media = app.MapGroup("/api/media").WithTags("cases").RequireAuthorization(Access.ReadCase);
        media.MapGet("/{id:long}", (long id, Caller caller, NpgsqlDataSource db, IConfiguration config, CancellationToken ct) => Serve(id, thumbnail: false, caller, db, config, ct));
        media.MapGet("/{id:long}/thumbnail", (long id, Caller caller, NpgsqlDataSource db, IConfiguration config, CancellationToken ct) => Serve(id, thumbnail: true, caller, db, config, ct));
    }

    /// <summary>A photo as the API shows it; who added it masked as the audit trail masks a resident.</summary>
    static string View(string alias) => $$"""
        jsonb_build_object('id', {{alias}}id, 'caseId', {{alias}}case_id, 'contentType', {{alias}}content_type, 'bytes', {{alias}}bytes,
            'width', {{alias}}width, 'height', {{alias}}height,
            'url', '/api/media/' || {{alias}}id, 'thumbnailUrl', '/api/media/' || {{alias}}id || '/thumbnail',
            'addedAt', api_time({{alias}}added_at),
            'addedBy', CASE WHEN {{alias}}added_by_role = 'reporter' THEN mask_name({{alias}}added_by, @seesPersonalData) ELSE {{alias}}added_by END)
        """;

    static async Task<Results<Created<JsonElement>, ValidationProblem, ProblemHttpResult>> Add(
        long id, HttpRequest request, Caller caller, NpgsqlDataSource db, IConfiguration config, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            return Problem(415, "Unsupported media type", "Send the photo as multipart/form-data, in the field 'file'.", "Content-Type");
        // Who may add, before the work of decoding: the case's reporter while reporting, its handler, the dispatchers.
        var (seen, status) = await CaseStatusAsync(db, caller, id, ct);
        if (!seen) return Problems.NotFound("case", $"There is no case {id}.");
        if (caller.Role == Role.Reporter && status != CaseStatus.Reported.Code())
            return TypedResults.Problem(title: "Case registered", statusCode: StatusCodes.Status403Forbidden,
                detail: "A reporter adds photos while reporting; the case has been registered since, so the staff handling it add them now.");
        var (photo, invalid, refused) = await ReadPhotoAsync(request, ct);
        if (invalid is not null) return invalid;
        if (photo is null) return refused!;

        var folder = MediaFolder.Of(config);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // The case's row is held until commit, so two uploads at once cannot both be the tenth.
        await using (var count = conn.Command("""
            SELECT (SELECT count(*) FROM case_media WHERE case_id = c.id) FROM cases c WHERE c.id = @id FOR NO KEY UPDATE
            """, ("id", id)))
        {
            if ((long)(await count.ExecuteScalarAsync(ct))! >= MaxPerCase)
                return TypedResults.Problem(title: "Too many photos", statusCode: StatusCodes.Status409Conflict,
                    detail: $"Case {id} has {MaxPerCase} photos, as many as a case keeps.",
                    extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["file"] = [$"a case keeps at most {MaxPerCase} photos"] } });
        }
        long mediaId;
        string? file1 = null, file2 = null;
        try
        {
            await using (var insert = conn.Command("""
                INSERT INTO case_media (case_id, content_type, bytes, width, height, file, thumbnail, added_by, added_by_role)
                VALUES (@caseId, @contentType, @bytes, @width, @height, '', '', @addedBy, @role)
                RETURNING id
                """, ("caseId", id), ("contentType", photo.ContentType), ("bytes", photo.Image.Length), ("width", photo.Width), ("height", photo.Height),
                ("addedBy", caller.Username), ("role", caller.Role.Code())))
                mediaId = (long)(await insert.ExecuteScalarAsync(ct))!;
            var (image, thumbnail) = ($"{id}/{mediaId}.{photo.Extension}", $"{id}/{mediaId}.thumb.{photo.Extension}");
            file1 = await WriteAsync(folder, image, photo.Image, ct);
            file2 = await WriteAsync(folder, thumbnail, photo.Thumbnail, ct);
            await using (var paths = conn.Command("UPDATE case_media SET file = @file, thumbnail = @thumbnail WHERE id = @id",
                ("file", image), ("thumbnail", thumbnail), ("id", mediaId)))
                await paths.ExecuteNonQueryAsync(ct);
            // Last: the audit event takes the live stream's lock until commit.
            await using (var audit = conn.Command("""
                SELECT append_case_event(id, @actor, @role, 'add_photo', status, @note) FROM cases WHERE id = @id
                """, ("id", id), ("actor", caller.Username), ("role", caller.Role.Code()), ("note", $"photo {mediaId}")))
                await audit.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch
        {
            foreach (var written in new[] { file1, file2 }) if (written is not null) File.Delete(written);
            throw;
        }
        await using var read = db.Command($"SELECT {View("m.")}::text FROM case_media m WHERE m.id = @id",
            ("id", mediaId), ("seesPersonalData", caller.SeesPersonalData));
        return TypedResults.Created($"/api/media/{mediaId}", CaseAccess.Json((string)(await read.ExecuteScalarAsync(ct))!));
    }

    /// <summary>
    /// The one photo of a multipart request (field <c>file</c>) as <see cref="Photos"/> keeps it; else
    /// a 400 (no single file) or why it is refused (413, 415). The caller checks the content type first.
    /// </summary>
    internal static async Task<(Photo? Photo, ValidationProblem? Invalid, ProblemHttpResult? Refused)> ReadPhotoAsync(HttpRequest request, CancellationToken ct)
    {
        var form = await request.ReadFormAsync(ct);
        if (form.Files.Count != 1 || form.Files.GetFile("file") is not { } file)
            return (null, Problems.Invalid("file", "send one image per request, in the multipart field 'file'"), null);
        if (file.Length > Photos.MaxBytes)
            return (null, null, Problem(413, "Photo too large", $"The photo has {file.Length} bytes; at most {Photos.MaxBytes} ({Photos.MaxBytes >> 20} MiB) are taken.", "file"));
        if (file.Length == 0) return (null, null, Problem(415, "Unsupported media type", Photos.NotAPhoto, "file"));

        byte[] upload;
        using (var buffer = new MemoryStream((int)file.Length))
        {
            await file.CopyToAsync(buffer, ct);
            upload = buffer.ToArray();
        }
        var (photo, problem) = Photos.Prepare(upload);
        return photo is null ? (null, null, Problem(415, "Unsupported media type", problem!, "file")) : (photo, null, null);
    }

    /// <summary>The photos of a case the caller sees, oldest first.</summary>
    static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> List(long id, Caller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.Command($"""
            SELECT coalesce((SELECT jsonb_agg({View("m.")} ORDER BY m.id) FROM case_media m WHERE m.case_id = c.id), '[]')::text
            FROM cases c WHERE c.id = @id AND {CaseAccess.Filter("c.")}
            """, [("id", id), ("seesPersonalData", caller.SeesPersonalData), .. CaseAccess.Parameters(caller)]);
        return await cmd.ExecuteScalarAsync(ct) is string json ? TypedResults.Ok(CaseAccess.Json(json)) : Problems.NotFound("case", $"There is no case {id}.");
    }

    /// <summary>The photo or its thumbnail, to those who see its case; anyone else is told it does not exist.</summary>
    static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> Serve(long id, bool thumbnail, Caller caller, NpgsqlDataSource db, IConfiguration config, CancellationToken ct)
    {
        await using var cmd = db.Command($"""
            SELECT m.content_type, CASE WHEN @thumbnail THEN m.thumbnail ELSE m.file END
            FROM case_media m JOIN cases c ON c.id = m.case_id
            WHERE m.id = @id AND {CaseAccess.Filter("c.")}
            """, [("id", id), ("thumbnail", thumbnail), .. CaseAccess.Parameters(caller)]);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return Problems.NotFound("photo", $"There is no photo {id}.");
        var path = Path.Combine(MediaFolder.Of(config), r.GetString(1));
        if (!File.Exists(path)) return Problems.NotFound("photo", $"The file of photo {id} is missing from the media folder.");
        return TypedResults.PhysicalFile(path, r.GetString(0));
    }

    static async Task<(bool Seen, string? Status)> CaseStatusAsync(NpgsqlDataSource db, Caller caller, long id, CancellationToken ct)
    {
        await using var cmd = db.Command($"SELECT status FROM cases c WHERE c.id = @id AND {CaseAccess.Filter("c.")}", [("id", id), .. CaseAccess.Parameters(caller)]);
        return await cmd.ExecuteScalarAsync(ct) is string status ? (true, status) : (false, null);
    }

    /// <summary>Written whole under a temporary name, then renamed: a reader never finds half a file.</summary>
    internal static async Task<string> WriteAsync(string folder, string relative, byte[] bytes, CancellationToken ct)
    {
        var path = Path.Combine(folder, relative);
        StateFolder.Ensure(Path.GetDirectoryName(path)!);
        var temporary = path + ".part";
        await File.WriteAllBytesAsync(temporary, bytes, ct);
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    internal static ProblemHttpResult Problem(int status, string title, string detail, string field) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } });
}

/// <summary>
/// Where photos are kept: <c>GRIDMAP_MEDIA</c>, else <c>media/</c> in the server's own folder
/// (<see cref="StateFolder"/>); never under <c>web/</c>, which anyone may read. Every instance on
/// one database needs the same folder (a shared mount).
/// </summary>
public static class MediaFolder
{
    public const string Setting = "GRIDMAP_MEDIA";

    public static string Of(IConfiguration config) =>
        config[Setting] is { Length: > 0 } folder ? Path.GetFullPath(folder) : Path.Combine(StateFolder.Of(config), "media");
}
