using GridMap.Demo;

namespace GridMap.Core.Tests.Demo;

/// <summary>A small city: 50 grids, 500 households, 2,000 cases, generated once for the class.</summary>
public sealed class SmallCity
{
    public static readonly DemoOptions Options = new() { Grids = 50, Households = 500, Cases = 2000 };
    public DemoDistrictData Data { get; } = DemoDistrict.Generate(Options);
}

public class DemoCasesTests(SmallCity city) : IClassFixture<SmallCity>
{
    readonly IReadOnlyList<DemoCase> cases = city.Data.Cases;

    static List<string> Lines(IReadOnlyList<DemoCase> cases)
    {
        var folder = Directory.CreateTempSubdirectory("gridmap-cases-");
        try
        {
            DemoCasesFile.Write(cases, folder.FullName);
            return DemoCasesFile.ReadLines(folder.FullName).ToList();
        }
        finally { folder.Delete(recursive: true); }
    }

    [Fact]
    public void Same_options_give_the_same_cases_file() =>
        Assert.Equal(Lines(cases), Lines(DemoDistrict.Generate(SmallCity.Options).Cases));

    [Fact]
    public void Another_seed_gives_other_cases() =>
        Assert.NotEqual(Lines(cases), Lines(DemoDistrict.Generate(SmallCity.Options with { Seed = 7 }).Cases));

    [Fact]
    public void Without_cases_the_district_has_none_and_the_other_files_do_not_move()
    {
        var without = DemoDistrict.Generate(SmallCity.Options with { Cases = 0 });
        Assert.Empty(without.Cases);
        Assert.Equal(without.Households.Select(h => h.Location.Coordinate), city.Data.Households.Select(h => h.Location.Coordinate));
        Assert.Equal(without.Staff.Select(s => s.Name), city.Data.Staff.Select(s => s.Name));
    }

    [Fact]
    public void Every_case_is_dispatched_to_an_on_duty_grid_worker_mostly_of_its_own_grid_or_community()
    {
        var staff = city.Data.Staff;
        var dispatches = cases.SelectMany(c => c.Steps.Where(s => s.Action == CaseAction.Dispatch).Select(s => (c.GridCode, Handler: staff[s.Assignee!.Value]))).ToList();
        Assert.NotEmpty(dispatches);
        // A grid leader assigns and a Party member has no sign-in: only a grid worker can accept.
        Assert.All(dispatches, d => Assert.Equal(("grid_worker", true), (d.Handler.Role, d.Handler.OnDuty)));
        Assert.True(dispatches.Count(d => d.Handler.HomeGridCode[..12] == d.GridCode[..12]) > dispatches.Count / 2);
    }

    [Fact]
    public void A_district_without_grid_workers_is_refused_cases_with_a_reason()
    {
        var error = Assert.Throws<ArgumentException>(() => DemoDistrict.Generate(new DemoOptions { Grids = 1, Households = 10, Cases = 10 }));
        Assert.Contains("has no grid worker to handle cases", error.Message);
    }

    [Fact]
    public void About_five_percent_stay_open_in_every_kind_of_open_state_and_two_percent_are_voided()
    {
        Assert.Equal(2000, cases.Count);
        // Status replays every move through the workflow table, which throws on an illegal one.
        var byStatus = cases.GroupBy(c => c.Status).ToDictionary(g => g.Key, g => g.Count());
        var open = cases.Count(c => !CaseWorkflow.IsTerminal(c.Status));
        Assert.InRange(open, 60, 140);
        Assert.InRange(byStatus.GetValueOrDefault(CaseStatus.Voided), 20, 70);
        Assert.InRange(byStatus.GetValueOrDefault(CaseStatus.Closed), 1800, 1920);
        Assert.True(byStatus.Keys.Count(s => !CaseWorkflow.IsTerminal(s)) >= 7, string.Join(", ", byStatus));
        Assert.True(byStatus.GetValueOrDefault(CaseStatus.InProgress) > byStatus.GetValueOrDefault(CaseStatus.Returned));
    }

    [Fact]
    public void Closed_cases_went_through_register_dispatch_accept_feedback_check_and_close()
    {
        foreach (var c in cases.Where(c => c.Status == CaseStatus.Closed))
        {
            var actions = c.Steps.Select(s => s.Action).ToList();
            Assert.Equal(CaseAction.Register, actions[0]);
            Assert.Equal(CaseAction.Close, actions[^1]);
            Assert.Contains(CaseAction.Dispatch, actions);
            Assert.Contains(CaseAction.Accept, actions);
            Assert.Contains(CaseAction.SubmitFeedback, actions);
            Assert.All(c.Steps.Where(s => s.Action == CaseAction.Dispatch), s => Assert.InRange(s.Assignee!.Value, 0, city.Data.Staff.Count - 1));
        }
    }

    [Fact]
    public void Every_move_follows_the_one_before_within_the_year_before_as_of()
    {
        var asOf = SmallCity.Options.AsOf;
        Assert.Equal(cases.OrderBy(c => c.ReportedAt).Select(c => c.ReportedAt), cases.Select(c => c.ReportedAt));
        foreach (var c in cases)
        {
            Assert.InRange(c.ReportedAt, asOf.AddDays(-400), asOf);
            var previous = c.ReportedAt;
            foreach (var s in c.Steps)
            {
                Assert.True(s.At > previous, $"{s.Action} at {s.At} is not after {previous}");
                previous = s.At;
            }
            Assert.True(previous < asOf);
        }
    }

    [Fact]
    public void Cases_lie_in_their_grid_and_busier_grids_have_more()
    {
        var grids = city.Data.Areas.Where(a => a.Level == "grid").ToDictionary(a => a.Code);
        Assert.All(cases, c => Assert.True(grids[c.GridCode].Boundary.Contains(c.Location), $"case outside grid {c.GridCode}"));
        var perGrid = cases.GroupBy(c => c.GridCode).ToDictionary(g => g.Key, g => g.Count());
        var byPopulation = grids.Values.OrderBy(g => g.Population).ToList();
        double Mean(IEnumerable<DemoArea> areas) => areas.Average(a => perGrid.GetValueOrDefault(a.Code));
        Assert.True(Mean(byPopulation.TakeLast(10)) > Mean(byPopulation.Take(10)));
    }

    [Fact]
    public void More_reports_come_in_office_hours_than_at_night()
    {
        var hours = cases.Select(c => c.ReportedAt.ToOffset(WorkingClock.ChinaStandardTime).Hour).ToList();
        Assert.True(hours.Count(h => h is >= 8 and < 18) > 3 * hours.Count(h => h is >= 22 or < 6));
    }

    [Fact]
    public void Some_cases_get_a_whistle_from_their_streets_command_centre_and_each_department_reports_in_its_own_name_mostly_in_time()
    {
        var rules = DemoCaseRules.FromDataFolder();
        var taken = cases.Where(c => c.Steps.Any(s => s.Action == CaseAction.Accept)).ToList();
        var whistled = taken.Where(c => c.Steps.Any(s => s.Action == CaseAction.Escalate)).ToList();
        Assert.InRange(whistled.Count, 0.02 * taken.Count, 0.07 * taken.Count);
        Assert.DoesNotContain(cases.Except(taken), c => c.Steps.Any(s => s.Action is CaseAction.Escalate or CaseAction.ConfirmEscalation));
        var (inTime, late) = (0, 0);
        foreach (var c in whistled)
        {
            var whistle = Assert.Single(c.Steps, s => s.Action == CaseAction.Escalate);
            Assert.Equal(("centre-" + c.GridCode[..9], CaseActor.CommandCentre), (whistle.Actor, whistle.Role));
            // While the handler has it: after its acceptance, before its feedback.
            Assert.True(whistle.At > c.Steps.Last(s => s.Action == CaseAction.Accept).At);
            Assert.True(c.Steps.Where(s => s.Action == CaseAction.SubmitFeedback).All(s => s.At > whistle.At));
            Assert.Subset(rules.Catalogue.FindCategory(c.Category)!.Departments.ToHashSet(), whistle.Departments!.ToHashSet());
            foreach (var report in c.Steps.Where(s => s.Action == CaseAction.ConfirmEscalation))
            {
                var department = Assert.Single(report.Departments!);
                Assert.Contains(department, whistle.Departments!);
                Assert.Equal((DemoCaseRules.DepartmentUsername(department), CaseActor.Department), (report.Actor, report.Role));
                var due = rules.Clocks.Office.Deadline(whistle.At, rules.Catalogue.FindDepartment(department)!.ConfirmLimit);
                if (report.At <= due) inTime++; else late++;
            }
            // A closed case's departments have all reported, and a parked one's, which has stood for weeks.
            if (c.Status is CaseStatus.Closed or CaseStatus.Parked)
                Assert.Equal(whistle.Departments!.Count, c.Steps.Count(s => s.Action == CaseAction.ConfirmEscalation));
        }
        Assert.True(late > 0 && inTime > 4 * late, $"{inTime} in time, {late} late");
    }

    [Fact]
    public void A_summons_waits_for_its_report_only_on_a_case_still_in_hand_not_on_one_parked_for_weeks()
    {
        // Parked cases with a whistle are two or three in ten thousand: a larger year is looked at.
        var year = DemoDistrict.Generate(SmallCity.Options with { Cases = 100_000 }).Cases;
        var whistled = year.Where(c => !CaseWorkflow.IsTerminal(c.Status) && c.Steps.Any(s => s.Action == CaseAction.Escalate)).ToList();
        static bool Waiting(DemoCase c) =>
            c.Steps.Single(s => s.Action == CaseAction.Escalate).Departments!.Count > c.Steps.Count(s => s.Action == CaseAction.ConfirmEscalation);
        var parked = whistled.Where(c => c.Status == CaseStatus.Parked).ToList();
        Assert.True(parked.Count >= 10, $"{parked.Count} parked cases with a whistle");
        Assert.DoesNotContain(parked, Waiting);
        Assert.Contains(whistled, c => c.Status != CaseStatus.Parked && Waiting(c));
    }

    [Fact]
    public void The_file_reads_back_what_was_written()
    {
        var folder = Directory.CreateTempSubdirectory("gridmap-cases-");
        try
        {
            DemoCasesFile.Write(cases, folder.FullName);
            var read = DemoCasesFile.Read(folder.FullName).ToList();
            Assert.Equal(cases.Count, read.Count);
            for (var i = 0; i < cases.Count; i += 97)
            {
                var (a, b) = (cases[i], read[i]);
                Assert.Equal((a.Category, a.Description, a.Reporter, a.Source, a.GridCode, a.ReportedAt), (b.Category, b.Description, b.Reporter, b.Source, b.GridCode, b.ReportedAt));
                Assert.True(a.Location.EqualsExact(b.Location));
                // A step's departments are a list, which a record compares by reference.
                static object Comparable(DemoCaseStep s) => (s with { Departments = null }, s.Departments is null ? null : string.Join(",", s.Departments));
                Assert.Equal(cases[i].Steps.Select(Comparable), read[i].Steps.Select(Comparable));
            }
        }
        finally { folder.Delete(recursive: true); }
    }
}
