namespace GridMap.Server.Auth;

/// <summary>
/// Every <c>GRIDMAP_AUDIT_MERGE_SECONDS</c> (default 1; 0 turns it off), merges the new entries
/// of the index that finds who read a household (<see cref="PersonalDataReads"/>) into the index,
/// so that no request recording a read waits for that merge (Data/Sql/personal_data_reads_merge.sql).
/// </summary>
public sealed class PersonalDataReadsMerge(NpgsqlDataSource db, IConfiguration config, ILogger<PersonalDataReadsMerge> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var seconds = config.GetValue("GRIDMAP_AUDIT_MERGE_SECONDS", 1.0);
        if (seconds <= 0) return;
        await RecurringPass.RunAsync(TimeSpan.FromSeconds(seconds), TimeProvider.System, atStart: false, "Merging the personal data reads' index", log, async ct =>
        {
            await using var cmd = db.Command("SELECT merge_personal_data_reads_index()");
            await cmd.ExecuteScalarAsync(ct);
        }, stop);
    }
}
