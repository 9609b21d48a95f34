namespace GridMap.Core.Cases;

/// <summary>What the evaluation needs to know about one case as it stands at the evaluation time.</summary>
/// <param name="HandlingDueAt">The handling deadline, null before dispatch.</param>
/// <param name="FeedbackAt">The last handler feedback (反馈), null if none.</param>
/// <param name="Reworked">Sent back at least once (返工).</param>
/// <param name="Extended">Granted an extension (延期).</param>
public sealed record CaseSummary(CaseStatus Status, DateTimeOffset? HandlingDueAt, DateTimeOffset? FeedbackAt, bool Reworked, bool Extended);

/// <summary>
/// Evaluation figures in the manner of GB/T 30428.4 (综合评价), as a reference for the SQL that
/// computes them at scale. 应结案数 (Due) counts cases already closed plus those past their
/// handling deadline, leaving out parked cases (挂账, as local rules subtract 缓办); rates are
/// over Due and null when nothing is due. A case is on time when the feedback that led to its
/// closing came by the deadline: checking time is the command centre's, not the handler's.
/// </summary>
public sealed record CaseKpi(int Due, int Closed, int ClosedOnTime, int Reworked, int Extended, int OverdueOpen)
{
    /// <summary>结案率</summary>
    public double? ClosureRate => Rate(Closed);
    /// <summary>按期结案率</summary>
    public double? OnTimeClosureRate => Rate(ClosedOnTime);
    /// <summary>返工率</summary>
    public double? ReworkRate => Rate(Reworked);
    /// <summary>延期率</summary>
    public double? ExtensionRate => Rate(Extended);

    public static CaseKpi Compute(IEnumerable<CaseSummary> cases, DateTimeOffset asOf)
    {
        int due = 0, closed = 0, onTime = 0, reworked = 0, extended = 0, overdueOpen = 0;
        foreach (var c in cases)
        {
            var pastDeadline = c.HandlingDueAt < asOf;
            if (CaseWorkflow.HandlingClockRuns(c.Status) && pastDeadline) overdueOpen++;
            var isDue = c.Status == CaseStatus.Closed || (pastDeadline && c.Status is not (CaseStatus.Parked or CaseStatus.Voided));
            if (!isDue) continue;
            due++;
            if (c.Status == CaseStatus.Closed) closed++;
            if (c.Status == CaseStatus.Closed && c.FeedbackAt <= c.HandlingDueAt) onTime++;
            if (c.Reworked) reworked++;
            if (c.Extended) extended++;
        }
        return new(due, closed, onTime, reworked, extended, overdueOpen);
    }

    double? Rate(int count) => Due == 0 ? null : (double)count / Due;
}
