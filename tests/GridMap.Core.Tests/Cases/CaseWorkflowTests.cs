namespace GridMap.Core.Tests.Cases;

public class CaseWorkflowTests
{
    // Written from the issue, independently of CaseWorkflow.Transitions: "from action -> to : roles".
    const string LegalMoves = """
        reported register -> registered : command_centre
        reported void -> voided : command_centre
        registered dispatch -> dispatched : command_centre grid_leader
        registered escalate -> registered : command_centre
        registered confirm_escalation -> registered : department
        dispatched accept -> in_progress : grid_worker department
        dispatched return -> returned : grid_worker department
        dispatched escalate -> dispatched : command_centre
        dispatched confirm_escalation -> dispatched : department
        returned dispatch -> dispatched : command_centre grid_leader
        returned void -> voided : command_centre
        returned escalate -> returned : command_centre
        returned confirm_escalation -> returned : department
        in_progress request_extension -> extension_requested : grid_worker department
        in_progress park -> parked : command_centre
        in_progress submit_feedback -> feedback_submitted : grid_worker department
        in_progress escalate -> in_progress : command_centre
        in_progress confirm_escalation -> in_progress : department
        extension_requested approve_extension -> extended : command_centre
        extension_requested reject_extension -> in_progress : command_centre
        extension_requested submit_feedback -> feedback_submitted : grid_worker department
        extension_requested escalate -> extension_requested : command_centre
        extension_requested confirm_escalation -> extension_requested : department
        extended submit_feedback -> feedback_submitted : grid_worker department
        extended escalate -> extended : command_centre
        extended confirm_escalation -> extended : department
        parked unpark -> in_progress : command_centre
        parked confirm_escalation -> parked : department
        feedback_submitted begin_check -> checking : command_centre
        feedback_submitted confirm_escalation -> feedback_submitted : department
        checking close -> closed : command_centre
        checking rework -> in_progress : command_centre
        checking confirm_escalation -> checking : department
        """;

    static Dictionary<(CaseStatus, CaseAction, CaseActor), CaseStatus> Expected()
    {
        var legal = new Dictionary<(CaseStatus, CaseAction, CaseActor), CaseStatus>();
        foreach (var line in LegalMoves.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var from = Enum.Parse<CaseStatus>(words[0].Replace("_", ""), ignoreCase: true);
            var action = Enum.Parse<CaseAction>(words[1].Replace("_", ""), ignoreCase: true);
            var to = Enum.Parse<CaseStatus>(words[3].Replace("_", ""), ignoreCase: true);
            foreach (var role in words[5..])
                legal.Add((from, action, Enum.Parse<CaseActor>(role.Replace("_", ""), ignoreCase: true)), to);
        }
        return legal;
    }

    [Fact]
    public void Every_status_action_role_triple_is_legal_exactly_when_listed()
    {
        var expected = Expected();
        var mismatches = new List<string>();
        foreach (var status in Enum.GetValues<CaseStatus>())
        foreach (var action in Enum.GetValues<CaseAction>())
        foreach (var role in Enum.GetValues<CaseActor>())
        {
            var legal = expected.TryGetValue((status, action, role), out var to);
            var triple = $"{status} {action} {role}";
            if (CaseWorkflow.CanApply(status, action, role) != legal) mismatches.Add($"{triple}: CanApply should be {legal}");
            try
            {
                var next = CaseWorkflow.Apply(status, action, role);
                if (!legal) mismatches.Add($"{triple}: applied to {next}, should be refused");
                else if (next != to) mismatches.Add($"{triple}: led to {next}, should lead to {to}");
            }
            catch (InvalidTransitionException e)
            {
                if (legal) mismatches.Add($"{triple}: refused, should lead to {to}");
                if (e.Current != status || e.Action != action || e.Actor != role) mismatches.Add($"{triple}: exception names the wrong move");
            }
        }
        Assert.Empty(mismatches);
        Assert.Equal(41, expected.Count);
    }

    [Fact]
    public void Allowed_actions_for_a_role_are_the_listed_moves_from_that_status()
    {
        var expected = Expected();
        foreach (var status in Enum.GetValues<CaseStatus>())
        foreach (var role in Enum.GetValues<CaseActor>())
        {
            var listed = expected.Keys.Where(k => k.Item1 == status && k.Item3 == role).Select(k => k.Item2).OrderBy(a => a);
            Assert.Equal(listed, CaseWorkflow.AllowedActions(status, role).Order());
        }
    }

    [Theory]
    [InlineData(CaseStatus.InProgress, CaseAction.Close, CaseActor.CommandCentre, "park, escalate")]
    [InlineData(CaseStatus.InProgress, CaseAction.Close, CaseActor.GridWorker, "request_extension, submit_feedback")]
    [InlineData(CaseStatus.Reported, CaseAction.Dispatch, CaseActor.CommandCentre, "register, void")]
    [InlineData(CaseStatus.Closed, CaseAction.Rework, CaseActor.CommandCentre, "none")]
    [InlineData(CaseStatus.Voided, CaseAction.Register, CaseActor.CommandCentre, "none")]
    [InlineData(CaseStatus.Dispatched, CaseAction.SubmitFeedback, CaseActor.GridWorker, "accept, return")]
    [InlineData(CaseStatus.Extended, CaseAction.RequestExtension, CaseActor.Department, "submit_feedback, confirm_escalation")]
    [InlineData(CaseStatus.Parked, CaseAction.Escalate, CaseActor.CommandCentre, "unpark")]
    public void An_illegal_move_names_the_current_status_and_what_may_be_done_instead(
        CaseStatus current, CaseAction action, CaseActor actor, string allowed)
    {
        var e = Assert.Throws<InvalidTransitionException>(() => CaseWorkflow.Apply(current, action, actor));
        Assert.Equal(current, e.Current);
        Assert.Empty(e.RolesThatMay);
        Assert.EndsWith($"allowed: {allowed}.", e.Message);
        Assert.Contains(current.Code(), e.Message);
    }

    [Fact]
    public void A_move_by_the_wrong_role_names_the_roles_that_may_make_it()
    {
        var e = Assert.Throws<InvalidTransitionException>(
            () => CaseWorkflow.Apply(CaseStatus.Checking, CaseAction.Close, CaseActor.GridWorker));
        Assert.Equal([CaseActor.CommandCentre], e.RolesThatMay);
        Assert.Empty(e.AllowedActions);
        Assert.Equal("Cannot close a case that is checking as grid_worker; allowed: none.", e.Message);
    }

    [Fact]
    public void A_case_with_a_return_an_extension_a_park_and_a_rework_still_reaches_closed()
    {
        (CaseAction, CaseActor)[] story =
        [
            (CaseAction.Register, CaseActor.CommandCentre),
            (CaseAction.Dispatch, CaseActor.GridLeader),
            (CaseAction.Return, CaseActor.Department),
            (CaseAction.Dispatch, CaseActor.CommandCentre),
            (CaseAction.Escalate, CaseActor.CommandCentre),
            (CaseAction.Accept, CaseActor.Department),
            (CaseAction.ConfirmEscalation, CaseActor.Department),
            (CaseAction.Park, CaseActor.CommandCentre),
            (CaseAction.Unpark, CaseActor.CommandCentre),
            (CaseAction.RequestExtension, CaseActor.Department),
            (CaseAction.ApproveExtension, CaseActor.CommandCentre),
            (CaseAction.SubmitFeedback, CaseActor.Department),
            (CaseAction.BeginCheck, CaseActor.CommandCentre),
            (CaseAction.Rework, CaseActor.CommandCentre),
            (CaseAction.SubmitFeedback, CaseActor.Department),
            (CaseAction.BeginCheck, CaseActor.CommandCentre),
            (CaseAction.Close, CaseActor.CommandCentre),
        ];
        var status = CaseWorkflow.Initial;
        var trail = new List<CaseStatus> { status };
        foreach (var (action, actor) in story) trail.Add(status = CaseWorkflow.Apply(status, action, actor));
        Assert.Equal(
            "reported registered dispatched returned dispatched dispatched in_progress in_progress parked in_progress " +
            "extension_requested extended feedback_submitted checking in_progress feedback_submitted checking closed",
            string.Join(' ', trail.Select(s => s.Code())));
    }

    [Fact]
    public void Every_status_is_reachable_from_reported_and_every_open_one_can_still_end()
    {
        var reachable = Closure(CaseWorkflow.Initial, t => t.From, t => t.To);
        Assert.Equal(Enum.GetValues<CaseStatus>().Order(), reachable.Order());
        foreach (var status in Enum.GetValues<CaseStatus>())
        {
            var ahead = Closure(status, t => t.From, t => t.To);
            Assert.True(CaseWorkflow.IsTerminal(status) || ahead.Contains(CaseStatus.Closed) || ahead.Contains(CaseStatus.Voided),
                $"{status} can never end");
            Assert.Equal(CaseWorkflow.IsTerminal(status), CaseWorkflow.AllowedActions(status).Count == 0);
        }
    }

    static HashSet<CaseStatus> Closure(CaseStatus start, Func<CaseTransition, CaseStatus> from, Func<CaseTransition, CaseStatus> to)
    {
        var seen = new HashSet<CaseStatus> { start };
        var queue = new Queue<CaseStatus>([start]);
        while (queue.TryDequeue(out var s))
            foreach (var t in CaseWorkflow.Transitions.Where(t => from(t) == s))
                if (seen.Add(to(t))) queue.Enqueue(to(t));
        return seen;
    }

    [Fact]
    public void Escalating_and_confirming_never_change_the_status()
    {
        foreach (var t in CaseWorkflow.Transitions.Where(t => t.Action is CaseAction.Escalate or CaseAction.ConfirmEscalation))
            Assert.Equal(t.From, t.To);
    }

    [Theory]
    [InlineData(CaseStatus.ExtensionRequested, "extension_requested")]
    [InlineData(CaseStatus.FeedbackSubmitted, "feedback_submitted")]
    [InlineData(CaseAction.RequestExtension, "request_extension")]
    [InlineData(CaseAction.ConfirmEscalation, "confirm_escalation")]
    [InlineData(CaseActor.CommandCentre, "command_centre")]
    public void Codes_are_snake_case_and_parse_back(object value, string code)
    {
        var (written, parsed) = value switch
        {
            CaseStatus s => (s.Code(), CaseCodes.TryParse<CaseStatus>(code, out var p) ? (object)p : null),
            CaseAction a => (a.Code(), CaseCodes.TryParse<CaseAction>(code, out var p) ? p : null),
            CaseActor r => (r.Code(), CaseCodes.TryParse<CaseActor>(code, out var p) ? p : null),
            _ => throw new ArgumentException(null, nameof(value)),
        };
        Assert.Equal(code, written);
        Assert.Equal(value, parsed);
    }

    [Theory]
    [InlineData("InProgress")]
    [InlineData("in-progress")]
    [InlineData("")]
    [InlineData(null)]
    public void Only_exact_codes_parse(string? code) => Assert.False(CaseCodes.TryParse<CaseStatus>(code, out _));

    [Fact]
    public void The_handling_clock_runs_from_dispatch_to_feedback_and_pauses_while_parked_or_awaiting_an_extension()
    {
        var running = Enum.GetValues<CaseStatus>().Where(CaseWorkflow.HandlingClockRuns).Select(s => s.Code());
        var paused = Enum.GetValues<CaseStatus>().Where(CaseWorkflow.PausesHandlingClock).Select(s => s.Code());
        Assert.Equal(["dispatched", "in_progress", "extended"], running);
        Assert.Equal(["extension_requested", "parked"], paused);
    }
}
