using GridMap.Tests.Faults;

namespace GridMap.Tests.Auth;

/// <summary>
/// The index that finds who read a household is merged by the server in the background, so no
/// request that records a read waits for the merge (Data/Sql/personal_data_reads_merge.sql).
/// </summary>
public class PersonalDataReadsMergeTests(GridMapApp app) : IClassFixture<GridMapApp>
{
    [Fact]
    public async Task New_reads_are_merged_into_the_household_index_within_seconds()
    {
        var reader = await app.AddUserAsync("merge-reader", Role.Admin);
        await app.ExecuteAsync("CREATE EXTENSION IF NOT EXISTS pgstattuple");
        _ = app.Services; // the server, and its background passes, start
        // 20,000 entries: far under the 4 MB at which an insert would merge them itself.
        await app.ExecuteAsync("""
            INSERT INTO personal_data_reads (user_id, username, what, household_ids)
            SELECT $1, 'merge-reader', 'GET /tiles/households/14/13701/6664.mvt', ARRAY(SELECT generate_series(i * 500, i * 500 + 499)::bigint)
            FROM generate_series(1, 40) i
            """, reader);

        await Eventually.WaitAsync(async () => await app.ScalarAsync<long>("SELECT pending_tuples FROM pgstatginindex('personal_data_reads_households_gin')") == 0,
            () => "the reads' household index merged its new entries");
        // Who read household 5000: the tenth read, and only that one.
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM personal_data_reads WHERE household_ids @> ARRAY[5000]::bigint[]"));
    }
}
