using static GridMap.Core.Cases.CaseStatus;
using static GridMap.Core.Tests.Cases.DataFiles;

namespace GridMap.Core.Tests.Cases;

public class CaseKpiTests
{
    static readonly DateTimeOffset AsOf = At("2026-03-31 18:00");
    static readonly DateTimeOffset Past = At("2026-03-20 17:30");
    static readonly DateTimeOffset Future = At("2026-04-03 17:30");

    [Fact]
    public void Rates_are_over_the_cases_that_should_be_closed()
    {
        CaseSummary[] cases =
        [
            new(Closed, Past, At("2026-03-20 09:00"), false, false),     // due, closed on time
            new(Closed, Past, At("2026-03-23 09:00"), true, false),      // due, closed late after rework
            new(Closed, Future, At("2026-03-30 09:00"), false, true),    // closed early: due, on time, extended
            new(InProgress, Past, null, false, false),                   // due, overdue open
            new(Checking, Past, At("2026-03-19 09:00"), false, false),   // due, not closed, not overdue: handler finished
            new(InProgress, Future, null, false, false),                 // not yet due
            new(Parked, Past, null, false, false),                       // 挂账: set aside
            new(Voided, null, null, false, false),
            new(Registered, null, null, false, false),
        ];
        var kpi = CaseKpi.Compute(cases, AsOf);
        Assert.Equal(new CaseKpi(Due: 5, Closed: 3, ClosedOnTime: 2, Reworked: 1, Extended: 1, OverdueOpen: 1), kpi);
        Assert.Equal(0.6, kpi.ClosureRate);
        Assert.Equal(0.4, kpi.OnTimeClosureRate);
        Assert.Equal(0.2, kpi.ReworkRate);
        Assert.Equal(0.2, kpi.ExtensionRate);
    }

    [Fact]
    public void With_nothing_due_there_are_no_rates()
    {
        var kpi = CaseKpi.Compute([new(InProgress, Future, null, false, false)], AsOf);
        Assert.Equal(0, kpi.Due);
        Assert.Null(kpi.ClosureRate);
        Assert.Null(kpi.OnTimeClosureRate);
    }
}
