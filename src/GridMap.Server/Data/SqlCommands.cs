using Npgsql;

namespace GridMap.Server.Data;

/// <summary>Parameterised SQL in one line: <c>$1, $2, …</c> bound in order, null as SQL NULL.</summary>
public static class SqlCommands
{
    public static NpgsqlCommand Command(this NpgsqlConnection conn, string sql, params object?[] values)
    {
        var cmd = new NpgsqlCommand(sql, conn);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v ?? DBNull.Value });
        return cmd;
    }

    public static NpgsqlCommand Command(this NpgsqlDataSource db, string sql, params object?[] values)
    {
        var cmd = db.CreateCommand(sql);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v ?? DBNull.Value });
        return cmd;
    }
}
