namespace GridMap.Tests.Support;

/// <summary>
/// Statements straight to a database, for the tests' own reads and writes (independent answers,
/// set-ups); <c>$1</c>, <c>$2</c> … are the <c>values</c>, null as NULL.
/// </summary>
public static class Sql
{
    public static Task<List<T>> QueryAsync<T>(string connectionString, string sql, Func<NpgsqlDataReader, T> row, params object?[] values) =>
        RunAsync(connectionString, sql, values, async cmd =>
        {
            await using var r = await cmd.ExecuteReaderAsync();
            var result = new List<T>();
            while (await r.ReadAsync()) result.Add(row(r));
            return result;
        });

    public static Task ExecuteAsync(string connectionString, string sql, params object?[] values) =>
        RunAsync(connectionString, sql, values, cmd => cmd.ExecuteNonQueryAsync());

    /// <summary>The first value <paramref name="sql"/> answers.</summary>
    public static Task<T> ScalarAsync<T>(string connectionString, string sql, params object?[] values) =>
        RunAsync(connectionString, sql, values, async cmd => (T)(await cmd.ExecuteScalarAsync())!);

    static async Task<T> RunAsync<T>(string connectionString, string sql, object?[] values, Func<NpgsqlCommand, Task<T>> run)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v ?? DBNull.Value });
        return await run(cmd);
    }
}
