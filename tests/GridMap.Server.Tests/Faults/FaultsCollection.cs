namespace GridMap.Tests.Faults;

/// <summary>
/// Tests that stop PostgreSQL or kill the server, each on a cluster of its own: they run one at a
/// time, after the rest of the suite, so that their load and outages slow no other test.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultsCollection
{
    public const string Name = "faults";
}
