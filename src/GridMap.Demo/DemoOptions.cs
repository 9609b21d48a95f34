namespace GridMap.Demo;

/// <summary>
/// What to generate. The defaults give the committed data set (data/demo): about 400 grids and
/// 4,000 households; <see cref="Large"/> gives the benchmark district. Street, community, station
/// and staff counts follow from the grid count, in the committed set's proportions.
/// </summary>
public sealed record DemoOptions
{
    /// <summary>海门区's GB/T 2260 code, also the seed of the committed set.</summary>
    public const int DefaultSeed = 320614;

    public int Seed { get; init; } = DefaultSeed;
    public int Grids { get; init; } = 400;
    public int Households { get; init; } = 4000;
    /// <summary>Cases over the year before <see cref="AsOf"/>; none unless asked for (the committed set has none).</summary>
    public int Cases { get; init; }
    /// <summary>
    /// The moment the generated year of cases ends, fixed so that the same options give the same
    /// files on any day; <c>demo load</c> moves the cases by whole weeks so that they end by the load.
    /// </summary>
    public DateTimeOffset AsOf { get; init; } = DefaultAsOf;
    /// <summary>
    /// Grids split into micro-grids (微网格), spread evenly over the district; none unless asked
    /// for, so the committed set and the counts tests rely on stay as they are.
    /// </summary>
    public int MicroGrids { get; init; }

    public static readonly DateTimeOffset DefaultAsOf = new(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(8));

    public static DemoOptions Large => new() { Grids = 100_000, Households = 1_000_000 };

    /// <summary>6 for the committed set; codes have three digits, so at most 999.</summary>
    public int Streets => Math.Clamp((int)Math.Round(Grids * 6 / 400.0), 1, 999);
    /// <summary>About ten grids each.</summary>
    public int Communities => Math.Max(Streets, (int)Math.Round(Grids / 10.0));
    /// <summary>Grid-level Party-mass service stations (党群服务站): about one grid in thirty.</summary>
    public int GridStations => (int)Math.Round(Grids / 30.0);
    /// <summary>One grid leader per grid, and half as many again grid workers and Party members.</summary>
    public int Staff => (int)Math.Round(Grids * 1.5);
}
