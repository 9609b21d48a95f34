using static GridMap.Core.Tests.Cases.DataFiles;

namespace GridMap.Core.Tests.Cases;

public class EscalationTests
{
    static readonly WorkingClock Office = CaseClocks.Default(Holidays).Office;
    static FunctionalDepartment Dept(string code) => Catalogue.FindDepartment(code)!;

    [Fact]
    public void A_whistle_shows_who_has_confirmed_and_who_is_late()
    {
        var escalation = Escalation.None
            .Summon([Dept("public_security"), Dept("justice"), Dept("emergency_management")], At("2026-03-09 10:00"), Office)
            .Confirm("justice", At("2026-03-09 10:20"))
            .Confirm("emergency_management", At("2026-03-09 10:20"));

        Assert.Equal(["10:30", "10:30", "10:15"], escalation.Summonses.Select(s => s.DueAt.ToString("HH:mm")));
        Assert.Equal(["justice", "emergency_management"], escalation.Confirmed.Select(s => s.Department));
        Assert.Equal(["public_security"], escalation.Pending.Select(s => s.Department));
        Assert.Equal(["emergency_management"], escalation.Late(At("2026-03-09 10:25")).Select(s => s.Department));
        Assert.Equal(["public_security", "emergency_management"], escalation.Late(At("2026-03-09 10:31")).Select(s => s.Department));
    }

    [Fact]
    public void A_second_whistle_adds_departments_without_resetting_those_already_summoned()
    {
        var first = Escalation.None.Summon([Dept("justice")], At("2026-03-09 10:00"), Office);
        var second = first.Summon([Dept("justice"), Dept("civil_affairs")], At("2026-03-09 11:00"), Office);
        Assert.Equal([("justice", "10:00"), ("civil_affairs", "11:00")],
            second.Summonses.Select(s => (s.Department, s.SummonedAt.ToString("HH:mm"))));
    }

    [Fact]
    public void Confirming_twice_keeps_the_first_time_and_an_unsummoned_department_cannot_confirm()
    {
        var escalation = Escalation.None.Summon([Dept("justice")], At("2026-03-09 10:00"), Office)
            .Confirm("justice", At("2026-03-09 10:10"))
            .Confirm("justice", At("2026-03-09 10:40"));
        Assert.Equal(At("2026-03-09 10:10"), escalation.Summonses.Single().ConfirmedAt);
        Assert.False(escalation.Summonses.Single().IsLate(At("2026-03-09 12:00")));
        Assert.Throws<ArgumentException>(() => escalation.Confirm("publicity", At("2026-03-09 10:10")));
    }
}
