using GridMap.Server.Auth;
using GridMap.Server.Tiles;

namespace GridMap.Tests.Tiles;

/// <summary>
/// A tile's tag names every restriction on what its caller may read (<see cref="TileCache"/> hands
/// a kept tile to any caller whose tag it is), whether or not the caller's role may ask for the layer today.
/// </summary>
public class TileTagTests
{
    static string Tag(Caller caller) =>
        new TileRequest(PointTiles.Cases, new(9, 428, 208), caller).Etag("areas:1,case_events:1", TileOptions.Default);

    [Fact]
    public void Two_callers_who_may_read_different_cases_of_the_same_area_never_share_a_tag()
    {
        Caller[] callers =
        [
            new(1, "leader", Role.GridLeader, 6, 10),
            new(2, "worker-a", Role.GridWorker, 6, 11),
            new(3, "worker-b", Role.GridWorker, 6, 12),
            new(4, "reporter-a", Role.Reporter, 6, null),
            new(5, "reporter-b", Role.Reporter, 6, null),
            new(6, "dept-a", Role.Department, 6, null, "urban"),
            new(7, "dept-b", Role.Department, 6, null, "water"),
        ];
        Assert.Equal(callers.Length, callers.Select(Tag).Distinct().Count());
        // The same kind of caller in the same area: the same tag, so the same kept tile.
        Assert.Equal(Tag(callers[0]), Tag(callers[0] with { UserId = 8, Username = "leader-b", StaffId = 13 }));
    }
}
