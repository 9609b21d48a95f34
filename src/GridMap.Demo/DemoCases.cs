using GridMap.Core.Cases;
using GridMap.Core.Spatial;
using NetTopologySuite.Geometries;
using static GridMap.Core.Cases.CaseAction;
using static GridMap.Core.Cases.CaseStatus;

namespace GridMap.Demo;

/// <summary>
/// One move of a generated case, as the workflow records it: who (a demo user's name), in which
/// role, when. <paramref name="Assignee"/> is an index into the staff list (dispatch);
/// <paramref name="Departments"/> the departments summoned (吹哨) or the one reporting (报到).
/// </summary>
public sealed record DemoCaseStep(CaseAction Action, DateTimeOffset At, string Actor, CaseActor Role,
    int? Assignee = null, int? ExtensionHours = null, string? Note = null, IReadOnlyList<string>? Departments = null);

/// <summary>A generated case: the report, then every move it went through up to the generation's as-of time.</summary>
public sealed record DemoCase(string Category, string Description, string? Reporter, string Source, Point Location,
    string GridCode, DateTimeOffset ReportedAt, IReadOnlyList<DemoCaseStep> Steps)
{
    /// <summary>Where the moves lead by the workflow's table (which also checks each is legal).</summary>
    public CaseStatus Status => Steps.Aggregate(CaseWorkflow.Initial, (s, step) => CaseWorkflow.Apply(s, step.Action, step.Role));
}

/// <summary>
/// A year of concerns (民情诉求) up to <see cref="DemoOptions.AsOf"/>: reported where people live
/// (grids weighted by population), more on working days and office hours, by category in the
/// proportions of a district's 12345 and grid reports; about 5% still open in every open state,
/// 2% voided, the rest closed through the real workflow (register, dispatch, accept, feedback,
/// check, close; some returned, extended, parked or reworked). Most feedback comes within the
/// category's handling limit on the office clock, some late, so the evaluation figures are
/// those of a working district. Some cases the grid cannot solve alone get a whistle (吹哨):
/// the category's departments summoned, each reporting (报到) mostly in time (<see cref="Whistle"/>).
/// </summary>
static class DemoCases
{
    public const double OpenShare = 0.05;
    public const double VoidShare = 0.02;

    /// <summary>Of the cases a handler took on, the share the street's command centre blows the whistle on.</summary>
    public const double WhistleShare = 0.04;

    static readonly string[] WhistleNotes = ["网格内无法独立解决，请职能部门到场", "涉及多部门职责，需联合处置", "需执法力量配合"];

    static readonly Dictionary<string, double> CategoryWeights = new()
    {
        ["environmental_sanitation"] = 30, ["municipal_facilities"] = 15, ["dispute_mediation"] = 12, ["noise_nuisance"] = 10,
        ["illegal_construction"] = 8, ["safety_hazard"] = 7, ["public_security_stability"] = 5, ["poverty_relief"] = 5,
        ["policy_publicity"] = 4, ["village_affairs_supervision"] = 4,
    };

    static readonly string[] Places = ["小区门口", "菜市场旁", "公交站台", "河道边", "学校门口", "楼道内", "停车场", "村口", "商铺前", "桥头", "路口", "广场"];

    static readonly Dictionary<string, string[]> Templates = new()
    {
        ["environmental_sanitation"] = ["{0}垃圾堆积多日无人清运，气味很大", "{0}有人乱倒建筑垃圾", "{0}垃圾桶满溢，污水横流"],
        ["municipal_facilities"] = ["{0}路灯不亮，晚上出行不便", "{0}窨井盖破损，存在安全隐患", "{0}路面塌陷积水"],
        ["dispute_mediation"] = ["{0}邻里因停车位发生纠纷，请求调解", "{0}租户与房东因押金发生争执", "{0}两户因漏水问题起纠纷"],
        ["noise_nuisance"] = ["{0}夜间施工噪声扰民", "{0}广场舞音响声音过大", "{0}商铺外放音响噪声扰民"],
        ["illegal_construction"] = ["{0}有住户私自搭建彩钢棚", "{0}违规占用公共绿地搭建房屋", "{0}屋顶违章加层"],
        ["safety_hazard"] = ["{0}电动车楼道内充电，存在火灾隐患", "{0}广告牌松动，可能坠落", "{0}燃气管道有异味"],
        ["public_security_stability"] = ["{0}有可疑人员聚集", "{0}发生打架斗殴", "{0}有人散发不明传单"],
        ["poverty_relief"] = ["{0}独居老人生活困难，需要帮扶", "{0}困难家庭申请临时救助", "{0}残疾人家庭需要上门服务"],
        ["policy_publicity"] = ["{0}居民咨询医保缴费政策", "{0}群众希望宣讲养老服务政策", "{0}居民咨询垃圾分类要求"],
        ["village_affairs_supervision"] = ["{0}村民反映集体收支公开不及时", "{0}群众对工程招标有疑问", "{0}村民反映低保评定不公"],
    };

    // Reports by hour of day (China Standard Time) and by day of week (Monday first).
    static readonly double[] HourWeights = [1, 0.5, 0.3, 0.3, 0.4, 0.8, 2, 4, 7, 9, 9, 7, 4, 4, 7, 8, 8, 7, 5, 5, 4, 3, 2, 1.5];
    static readonly double[] WeekdayWeights = [1.1, 1.05, 1, 1, 1, 0.75, 0.7];

    // How open cases stand at the as-of time.
    static readonly (CaseStatus Status, double Weight)[] OpenStates =
    [
        (Reported, 4), (Registered, 4), (Dispatched, 10), (Returned, 2), (InProgress, 38), (ExtensionRequested, 4),
        (Extended, 8), (Parked, 10), (FeedbackSubmitted, 12), (Checking, 8),
    ];

    static readonly string[] ReturnNotes = ["不属于本网格职责范围", "地址有误，不在本网格", "应由职能部门处置"];

    public static List<DemoCase> Generate(DemoOptions options, DemoTerritory territory, GridTiling tiling,
        IReadOnlyList<DemoStaff> staff, CaseCatalogue catalogue, CaseClocks clocks, LocalProjection projection,
        IProgress<DemoProgress>? progress)
    {
        var random = DemoRandom.Stream(options.Seed, "cases");
        // A stream of their own: the whistles leave every other move as it was without them.
        var whistles = DemoRandom.Stream(options.Seed, "whistles");
        var count = options.Cases;
        var asOf = options.AsOf;
        var grids = territory.Grids;
        var gridIndex = grids.Select((g, i) => (g.Area.Code, i)).ToDictionary(x => x.Code, x => x.i);
        var streetOf = grids.Select(g => g.Area.Code[..9]).ToArray();

        // Handlers: the on-duty grid workers of the grid, else of its community, else any. A grid
        // leader assigns and a Party member has no sign-in: neither can accept a case (CaseWorkflow's handlers).
        var handlers = grids.Select(_ => new List<int>()).ToArray();
        var byCommunity = new Dictionary<string, List<int>>();
        var anyone = new List<int>();
        for (var s = 0; s < staff.Count; s++)
        {
            if (!staff[s].OnDuty || staff[s].Role != "grid_worker") continue;
            handlers[gridIndex[staff[s].HomeGridCode]].Add(s);
            (byCommunity.TryGetValue(staff[s].HomeGridCode[..12], out var l) ? l : byCommunity[staff[s].HomeGridCode[..12]] = []).Add(s);
            anyone.Add(s);
        }
        if (anyone.Count == 0 && count > 0)
            throw new ArgumentException($"The district ({grids.Count} grids) has no grid worker to handle cases on duty: generate more grids (--grids) or no cases.");
        var usernames = DemoStaffing.WorkerUsernames(staff);
        int Handler(int grid)
        {
            var own = handlers[grid];
            if (own.Count > 0) return random.Pick(own);
            if (byCommunity.TryGetValue(grids[grid].Area.Code[..12], out var community)) return random.Pick(community);
            return random.Pick(anyone);
        }

        var categories = catalogue.Categories;
        var categoryWeights = categories.Select(c => CategoryWeights.GetValueOrDefault(c.Code, 5)).ToArray();
        var gridWeights = grids.Select(g => (double)Math.Max(1, g.Area.Population)).ToArray();
        var gridCumulative = Cumulative(gridWeights);
        var openWeights = OpenStates.Select(s => s.Weight).ToArray();
        var hourCumulative = Cumulative(HourWeights);
        var yearStart = asOf.AddDays(-365);

        var cases = new List<DemoCase>(count);
        progress?.Report(new("cases", 0, count));
        for (var i = 0; i < count; i++)
        {
            var category = categories[random.Weighted(categoryWeights)];
            var grid = Array.BinarySearch(gridCumulative, random.NextDouble() * gridCumulative[^1]) is var b && b < 0 ? ~b : b;
            grid = Math.Min(grid, grids.Count - 1);
            var (area, cell) = grids[grid];
            var location = RingSampler.LonLat(projection, RingSampler.Inside(tiling.MetricRings[cell], random));
            var template = Templates.TryGetValue(category.Code, out var t) ? random.Pick(t) : category.NameZh + "：{0}需要处理";
            var description = string.Format(template, random.Pick(Places));
            var source = random.Weighted([50, 30, 20]) switch { 0 => "api", 1 => "open311", _ => "staff" };
            var reporter = source == "staff" ? null : random.Chance(0.8) ? ChineseNames.Person(random) : null;

            var fate = random.NextDouble();
            CaseStatus? openAt = fate < OpenShare ? OpenStates[random.Weighted(openWeights)].Status : null;
            var voided = openAt is null && fate < OpenShare + VoidShare;
            var start = ReportTime(random, yearStart, hourCumulative);
            var life = new Life(random, clocks, category, start, "centre-" + streetOf[grid], "leader-" + area.Code, () => Handler(grid), usernames);
            var steps = voided ? life.Voided() : life.Until(openAt);
            if (!voided && whistles.Chance(WhistleShare))
                steps = Whistle(whistles, steps, category, catalogue, clocks, "centre-" + streetOf[grid], inHand: openAt is not null and not CaseStatus.Parked);

            // Place the history: a closed case ends before the as-of time, an open one has stood in its state a while.
            var end = steps.Count > 0 ? steps[^1].At : start;
            TimeSpan shift;
            if (openAt is { } open)
                shift = asOf - Dwell(random, open, category) - end;
            else
                shift = end < asOf ? TimeSpan.Zero : asOf - TimeSpan.FromHours(random.Between(1, 72)) - end;
            shift = TimeSpan.FromSeconds(Math.Floor(shift.TotalSeconds));
            cases.Add(new DemoCase(category.Code, description, reporter, source, location, area.Code, start + shift,
                [.. steps.Select(s => s with { At = s.At + shift })]));
            if (i % 10_000 == 0) progress?.Report(new("cases", i, count));
        }
        progress?.Report(new("cases", count, count));
        return [.. cases.OrderBy(c => c.ReportedAt).ThenBy(c => c.GridCode, StringComparer.Ordinal)];
    }

    /// <summary>
    /// 吹哨报到 on a case its handler has taken on: between the handler's acceptance and its next move,
    /// the street's command centre summons one of the category's departments, or each of them;
    /// each reports (报到) within its limit on the office clock, about one in eight late (up to
    /// <see cref="LatestReport"/> times the limit). A closed case was closed after the last of
    /// them reported: one closed sooner gets no whistle. On a case still in hand a summons may still
    /// wait for its 报到; a parked (挂账) one has stood for weeks or months, long after its
    /// departments reported. A case with no acceptance (not yet with a handler) is left as it is.
    /// </summary>
    static List<DemoCaseStep> Whistle(DemoRandom random, List<DemoCaseStep> steps, CaseCategory category, CaseCatalogue catalogue,
        CaseClocks clocks, string centre, bool inHand)
    {
        var accept = steps.FindLastIndex(s => s.Action == Accept);
        if (accept < 0 || category.Departments.Count == 0) return steps;
        var accepted = steps[accept].At;
        var next = accept + 1 < steps.Count ? steps[accept + 1].At : accepted + TimeSpan.FromHours(8);
        var at = WholeSeconds(accepted + (next - accepted) * random.Between(0.1, 0.6));
        IReadOnlyList<string> summoned = random.Chance(0.4) ? category.Departments : [random.Pick(category.Departments)];
        var limits = summoned.Select(d => catalogue.FindDepartment(d)!.ConfirmLimit).ToList();
        if (steps[^1].Action == Close && clocks.Office.Deadline(at, limits.Max() * LatestReport) >= steps[^1].At) return steps;

        var added = new List<DemoCaseStep> { new(Escalate, at, centre, CaseActor.CommandCentre, Note: random.Pick(WhistleNotes), Departments: summoned) };
        for (var i = 0; i < summoned.Count; i++)
        {
            if (inHand && random.Chance(0.3)) continue;
            var share = random.Chance(0.88) ? random.Between(0.1, 0.9) : random.Between(1.2, LatestReport);
            added.Add(new(ConfirmEscalation, WholeSeconds(clocks.Office.Deadline(at, limits[i] * share)), DemoCaseRules.DepartmentUsername(summoned[i]),
                CaseActor.Department, Departments: [summoned[i]]));
        }
        // Two moves of a case never share a second (the trail's order is its times').
        var taken = steps.Select(s => s.At).ToHashSet();
        foreach (var step in added)
        {
            var t = step.At;
            while (!taken.Add(t)) t += TimeSpan.FromSeconds(1);
            steps.Add(step with { At = t });
        }
        return [.. steps.OrderBy(s => s.At)];
    }

    /// <summary>The latest a department reports, in times its limit.</summary>
    const double LatestReport = 4;

    static DateTimeOffset WholeSeconds(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, t.Offset);

    /// <summary>A report time in the year before the as-of time: days weighted by weekday, hours by the day's rhythm.</summary>
    static DateTimeOffset ReportTime(DemoRandom random, DateTimeOffset yearStart, double[] hourCumulative)
    {
        while (true)
        {
            var day = yearStart.AddDays(random.Next(365));
            var weekday = ((int)day.DayOfWeek + 6) % 7;
            if (!random.Chance(WeekdayWeights[weekday] / 1.1)) continue;
            var hour = Array.BinarySearch(hourCumulative, random.NextDouble() * hourCumulative[^1]) is var h && h < 0 ? ~h : h;
            var local = new DateTimeOffset(day.Year, day.Month, day.Day, Math.Min(hour, 23), 0, 0, WorkingClock.ChinaStandardTime);
            return local.AddSeconds(random.Next(3600));
        }
    }

    /// <summary>How long an open case has stood in its state at the as-of time.</summary>
    static TimeSpan Dwell(DemoRandom random, CaseStatus status, CaseCategory category) => status switch
    {
        Reported or Registered => TimeSpan.FromMinutes(random.Between(1, 2.5 * (category.RegisterLimitMinutes + category.DispatchLimitMinutes))),
        Dispatched or Returned => TimeSpan.FromMinutes(random.Between(5, 240)),
        InProgress or Extended => TimeSpan.FromHours(random.Between(0.5, 2.5 * category.HandlingLimitHours)),
        Parked => TimeSpan.FromDays(random.Between(1, 200)),
        _ => TimeSpan.FromHours(random.Between(0.2, 48)),
    };

    static double[] Cumulative(IReadOnlyList<double> weights)
    {
        var sums = new double[weights.Count];
        var total = 0.0;
        for (var i = 0; i < weights.Count; i++) sums[i] = total += weights[i];
        return sums;
    }

    /// <summary>The moves of one case from its report, timed as a command centre and handlers work.</summary>
    sealed class Life(DemoRandom random, CaseClocks clocks, CaseCategory category, DateTimeOffset reported,
        string centre, string leader, Func<int> handler, IReadOnlyList<string?> usernames)
    {
        readonly List<DemoCaseStep> steps = [];
        DateTimeOffset now = reported;
        CaseStatus status = CaseWorkflow.Initial;
        DateTimeOffset dispatchedAt;
        int assignee;
        readonly List<TimeRange> pauses = [];

        string Worker => usernames[assignee]!;

        void Take(CaseAction action, TimeSpan after, string actor, CaseActor role, int? assigneeIndex = null, int? hours = null, string? note = null)
        {
            now += after < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : after;
            now = reported + TimeSpan.FromSeconds(Math.Floor((now - reported).TotalSeconds));
            status = CaseWorkflow.Apply(status, action, role);
            steps.Add(new(action, now, actor, role, assigneeIndex, hours, note));
        }

        TimeSpan Minutes(double mean) => TimeSpan.FromMinutes(-Math.Log(1 - random.NextDouble()) * mean);
        TimeSpan Hours(double min, double max) => TimeSpan.FromHours(random.Between(min, max));

        void Register() => Take(CaseAction.Register, Minutes(category.RegisterLimitMinutes * 0.45), centre, CaseActor.CommandCentre);

        void Dispatch()
        {
            assignee = handler();
            var byLeader = random.Chance(0.35) && status == Registered;
            Take(CaseAction.Dispatch, Minutes(category.DispatchLimitMinutes * 0.45), byLeader ? leader : centre,
                byLeader ? CaseActor.GridLeader : CaseActor.CommandCentre, assignee);
            dispatchedAt = now;
            pauses.Clear();
        }

        public List<DemoCaseStep> Voided()
        {
            if (random.Chance(0.7))
                Take(CaseAction.Void, Minutes(category.RegisterLimitMinutes * 0.6), centre, CaseActor.CommandCentre, note: "重复上报或不属于受理范围");
            else
            {
                Register();
                Dispatch();
                Take(Return, Hours(0.5, 6), Worker, CaseActor.GridWorker, note: random.Pick(ReturnNotes));
                Take(CaseAction.Void, Hours(0.2, 4), centre, CaseActor.CommandCentre, note: "无责任主体，不予立案");
            }
            return steps;
        }

        /// <summary>Up to <paramref name="open"/> (the moves that lead into it), or to closing when null.</summary>
        public List<DemoCaseStep> Until(CaseStatus? open)
        {
            if (open == Reported) return steps;
            Register();
            if (open == Registered) return steps;
            Dispatch();
            if (open == Dispatched) return steps;
            if (open == Returned || random.Chance(0.03))
            {
                Take(Return, Hours(0.5, 6), Worker, CaseActor.GridWorker, note: random.Pick(ReturnNotes));
                if (open == Returned) return steps;
                Dispatch();
            }
            Take(Accept, TimeSpan.FromMinutes(random.Between(5, 120)), Worker, CaseActor.GridWorker);
            if (open == InProgress) return steps;

            var extension = open is ExtensionRequested or Extended || (open is null && random.Chance(0.06));
            var granted = 0;
            if (extension)
            {
                var at = clocks.Office.Deadline(dispatchedAt, category.HandlingLimit * random.Between(0.3, 0.8), pauses);
                var hours = Math.Max(2, (int)Math.Round(category.HandlingLimitHours * random.Between(0.25, 1)));
                Take(RequestExtension, Later(at), Worker, CaseActor.GridWorker, hours: hours, note: "需要协调相关部门，申请延期");
                if (open == ExtensionRequested) return steps;
                var since = now;
                if (open == Extended || random.Chance(0.8))
                {
                    Take(ApproveExtension, Hours(0.5, 4), centre, CaseActor.CommandCentre);
                    granted = hours;
                }
                else Take(RejectExtension, Hours(0.5, 4), centre, CaseActor.CommandCentre, note: "理由不充分");
                pauses.Add(new(since, now));
                if (open == Extended) return steps;
            }
            // 挂账 only from 处置中: a case with an extension under way is not parked.
            if (open == Parked || (open is null && !extension && random.Chance(0.01)))
            {
                Take(Park, Later(clocks.Office.Deadline(dispatchedAt, category.HandlingLimit * 0.2, pauses)), centre, CaseActor.CommandCentre,
                    note: "需列入改造计划，暂时挂账");
                if (open == Parked) return steps;
                var since = now;
                Take(Unpark, TimeSpan.FromDays(random.Between(3, 60)), centre, CaseActor.CommandCentre);
                pauses.Add(new(since, now));
            }
            Feedback(granted);
            if (open == FeedbackSubmitted) return steps;
            Take(BeginCheck, Hours(0.5, 8), centre, CaseActor.CommandCentre);
            if (open != Checking && random.Chance(0.07))
            {
                Take(Rework, Hours(1, 24), centre, CaseActor.CommandCentre, note: "核查未通过，请返工");
                Take(SubmitFeedback, Later(clocks.Office.Deadline(now, category.HandlingLimit * random.Between(0.1, 0.5))), Worker, CaseActor.GridWorker);
                Take(BeginCheck, Hours(0.5, 8), centre, CaseActor.CommandCentre);
            }
            if (open == Checking) return steps;
            Take(Close, Hours(1, 30), centre, CaseActor.CommandCentre);
            return steps;
        }

        /// <summary>Most handlers report back within the limit on the office clock; about one in seven late.</summary>
        void Feedback(int grantedHours)
        {
            var share = random.Chance(0.86) ? random.Between(0.15, 0.95) : random.Between(1.05, 2.5);
            var due = category.HandlingLimit + TimeSpan.FromHours(grantedHours);
            Take(SubmitFeedback, Later(clocks.Office.Deadline(dispatchedAt, due * share, pauses)), Worker, CaseActor.GridWorker);
        }

        TimeSpan Later(DateTimeOffset at) => at > now ? at - now : TimeSpan.FromMinutes(random.Between(5, 60));
    }
}
