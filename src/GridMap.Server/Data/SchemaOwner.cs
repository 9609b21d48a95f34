namespace GridMap.Server.Data;

/// <summary>
/// The role that owns the schema: it runs the migrations and the admin verbs of the command line
/// (demo load, user add, import). The service itself connects as a role that may read and write
/// data but not change the schema, truncate tables or rewrite the audit trails (Grants.sql).
/// </summary>
/// <param name="Db">Connections as the owner.</param>
/// <param name="ServiceRole">The service's role, to be granted its rights; null when one role does both.</param>
public sealed record SchemaOwner(NpgsqlDataSource Db, string? ServiceRole)
{
    /// <summary>
    /// <paramref name="ownerConnectionString"/> (<c>GRIDMAP_DB_OWNER</c>) when set and naming
    /// another role than the service's; otherwise the service's own data source does both.
    /// </summary>
    public static SchemaOwner Create(string? ownerConnectionString, string serviceConnectionString, NpgsqlDataSource service)
    {
        var serviceRole = new NpgsqlConnectionStringBuilder(serviceConnectionString).Username;
        if (string.IsNullOrEmpty(ownerConnectionString)) return new(service, null);
        var owner = new NpgsqlConnectionStringBuilder(ownerConnectionString) { Pooling = true, MaxPoolSize = 4 };
        if (owner.Username == serviceRole) return new(service, null);
        var builder = new NpgsqlDataSourceBuilder(owner.ConnectionString);
        builder.UseNetTopologySuite();
        return new(builder.Build(), serviceRole);
    }
}
