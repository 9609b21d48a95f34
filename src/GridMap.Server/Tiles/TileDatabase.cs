using GridMap.Server.Data;

namespace GridMap.Server.Tiles;

/// <summary>
/// The connections tile statements run on: a pool of their own, each connection opened with the
/// tile statement's settings (<see cref="Settings"/>). So a tile is its one statement, and Npgsql
/// prepares it on each connection once it has run there a few times (<c>Max Auto Prepare</c>):
/// PostgreSQL then parses and analyses it once per connection, not once per tile, and still plans
/// it for each tile. Its time limit holds from the parse on, so a tile statement that waits for a
/// lock while it is parsed is stopped at the limit too. A pool of its own also keeps a map's burst
/// of tiles, six at a time from every screen, from taking every connection the rest of the API needs.
/// </summary>
public sealed class TileDatabase(NpgsqlDataSource connections, TileOptions options) : IAsyncDisposable
{
    /// <summary>
    /// Connections kept for tiles: as many as a browser asks for at once (Chromium opens six per
    /// host), enough to keep both cores busy while some of them wait for a commit (a household
    /// tile records its read).
    /// </summary>
    public const int PoolSize = 6;

    /// <summary>Room to spare for every tile statement (six: the areas' one, each point layer's, and the households' read unmasked), so that each stays prepared.</summary>
    const int Prepared = 32;

    public NpgsqlDataSource Connections { get; } = connections;
    public TileOptions Options { get; } = options;

    public static TileDatabase Open(string connectionString, TileOptions options)
    {
        var builder = DataServices.Pool(connectionString, PoolSize);
        var settings = builder.ConnectionStringBuilder;
        settings.Options = $"{settings.Options} {Settings(options)}";
        settings.MaxAutoPrepare = Prepared;
        return new(builder.Build(), options);
    }

    /// <summary>
    /// The tile statement's settings. <c>statement_timeout</c>: its time limit
    /// (<see cref="TileOptions.TimeoutMs"/>). <c>plan_cache_mode</c>: planned for its own tile
    /// every time, since the plan depends on how many rows the tile's box holds
    /// (<see cref="TileSql.Near"/>); PostgreSQL would otherwise switch a prepared statement to a
    /// generic plan after five runs, one that plans for no tile in particular.
    /// <c>max_parallel_workers_per_gather</c>: no parallel workers. A map asks for tiles a dozen at a
    /// time, so the cores are busy with other tiles already, and once the planner knows a tile's
    /// size it starts workers for a tile of a few hundred points, which costs more on a busy machine
    /// than the work they share. JIT is off as on every connection of the service
    /// (<see cref="DataServices.WithoutJit"/>): the planner's cost of a point statement counts both
    /// branches of its CASE, the one not taken too (<see cref="PointTiles"/>), so a tile of clusters
    /// would look costly enough to compile, and compiling takes longer than the tile.
    /// </summary>
    static string Settings(TileOptions options) => string.Create(CultureInfo.InvariantCulture,
        $"-c statement_timeout={options.TimeoutMs} -c plan_cache_mode=force_custom_plan -c max_parallel_workers_per_gather=0");

    public ValueTask DisposeAsync() => Connections.DisposeAsync();
}
