namespace GridMap.Browser.Tests.Editing;

/// <summary>What the editing tests read from the site's database (as the superuser), to check what a page wrote.</summary>
static class EditingDatabase
{
    /// <summary>The first column of the first row; <paramref name="values"/> are $1, $2, ….</summary>
    public static async Task<T> ScalarAsync<T>(this MapSite site, string sql, params object[] values) =>
        (T)(await ColumnAsync<object>(site, sql, values))[0];

    /// <summary>The first column of every row.</summary>
    public static async Task<List<T>> ColumnAsync<T>(this MapSite site, string sql, params object[] values)
    {
        await using var conn = new NpgsqlConnection(site.Database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        var rows = new List<T>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) rows.Add((T)r.GetValue(0));
        return rows;
    }
}
