namespace GridMap.Server.Data;

/// <summary>
/// Parameterised SQL in one line: each <c>@name</c> in the text is bound to the value given under
/// that name, null as SQL NULL. Fragments that filter (<see cref="Auth.AreaScope"/>,
/// <see cref="Bbox"/>, <see cref="Page"/>) name their own parameters, so nothing is counted by hand.
/// </summary>
public static class SqlCommands
{
    public static NpgsqlCommand Command(this NpgsqlConnection conn, string sql, params IEnumerable<(string Name, object? Value)> parameters) =>
        Bind(new NpgsqlCommand(sql, conn), parameters);

    public static NpgsqlCommand Command(this NpgsqlDataSource db, string sql, params IEnumerable<(string Name, object? Value)> parameters) =>
        Bind(db.CreateCommand(sql), parameters);

    public static NpgsqlCommand Bind(NpgsqlCommand cmd, IEnumerable<(string Name, object? Value)> parameters)
    {
        foreach (var (name, value) in parameters) cmd.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        return cmd;
    }
}
