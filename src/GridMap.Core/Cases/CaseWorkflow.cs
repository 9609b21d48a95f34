using static GridMap.Core.Cases.CaseAction;
using static GridMap.Core.Cases.CaseActor;
using static GridMap.Core.Cases.CaseStatus;

namespace GridMap.Core.Cases;

/// <summary>One legal move: from a status, an action taken by one of <see cref="Who"/> leads to a status.</summary>
public sealed record CaseTransition(CaseStatus From, CaseAction Action, CaseStatus To, params IReadOnlyList<CaseActor> Who);

/// <summary>
/// The case state machine as one table. A (status, action) pair appears at most once, so a move
/// is decided by the table alone; who may make it is the row's roles. Anything else is illegal.
/// </summary>
public static class CaseWorkflow
{
    /// <summary>A new case starts here; anyone may report one, so creation is not a move.</summary>
    public const CaseStatus Initial = Reported;

    static readonly CaseActor[] Handlers = [GridWorker, Department];
    static readonly CaseActor[] Dispatchers = [CommandCentre, GridLeader];

    public static IReadOnlyList<CaseTransition> Transitions { get; } =
    [
        new(Reported,           Register,         Registered,         CommandCentre),
        new(Reported,           CaseAction.Void,  Voided,             CommandCentre),
        new(Registered,         Dispatch,         Dispatched,         Dispatchers),
        new(Dispatched,         Accept,           InProgress,         Handlers),
        // A handler may refuse only before accepting; the command centre then re-dispatches or voids.
        new(Dispatched,         Return,           Returned,           Handlers),
        new(Returned,           Dispatch,         Dispatched,         Dispatchers),
        new(Returned,           CaseAction.Void,  Voided,             CommandCentre),
        new(InProgress,         RequestExtension, ExtensionRequested, Handlers),
        new(ExtensionRequested, ApproveExtension, Extended,           CommandCentre),
        new(ExtensionRequested, RejectExtension,  InProgress,         CommandCentre),
        new(InProgress,         Park,             Parked,             CommandCentre),
        new(Parked,             Unpark,           InProgress,         CommandCentre),
        new(InProgress,         SubmitFeedback,   FeedbackSubmitted,  Handlers),
        // Work goes on while an extension is pending, so it may finish before the decision.
        new(ExtensionRequested, SubmitFeedback,   FeedbackSubmitted,  Handlers),
        new(Extended,           SubmitFeedback,   FeedbackSubmitted,  Handlers),
        new(FeedbackSubmitted,  BeginCheck,       Checking,           CommandCentre),
        new(Checking,           Close,            Closed,             CommandCentre),
        new(Checking,           Rework,           InProgress,         CommandCentre),
        // 吹哨 while the case still needs someone to own or solve it; 报到 while it is open at all,
        // so a late department can still confirm after the work has moved on.
        .. Stay(Escalate, [CommandCentre],
            Registered, Returned, Dispatched, InProgress, ExtensionRequested, Extended),
        .. Stay(ConfirmEscalation, [Department],
            Registered, Returned, Dispatched, InProgress, ExtensionRequested, Extended, Parked, FeedbackSubmitted, Checking),
    ];

    /// <summary>The status after <paramref name="actor"/> takes <paramref name="action"/>.</summary>
    /// <exception cref="InvalidTransitionException">The move is not in the table for this role.</exception>
    public static CaseStatus Apply(CaseStatus current, CaseAction action, CaseActor actor)
    {
        var move = Find(current, action);
        if (move is null || !move.Who.Contains(actor))
            throw new InvalidTransitionException(current, action, actor, AllowedActions(current, actor), move?.Who ?? []);
        return move.To;
    }

    public static bool CanApply(CaseStatus current, CaseAction action, CaseActor actor) =>
        Find(current, action)?.Who.Contains(actor) == true;

    /// <summary>What this role may do now, in table order: the buttons to show.</summary>
    public static IReadOnlyList<CaseAction> AllowedActions(CaseStatus status, CaseActor actor) =>
        [.. Transitions.Where(t => t.From == status && t.Who.Contains(actor)).Select(t => t.Action)];

    /// <summary>What anyone may do now.</summary>
    public static IReadOnlyList<CaseAction> AllowedActions(CaseStatus status) =>
        [.. Transitions.Where(t => t.From == status).Select(t => t.Action)];

    public static bool IsTerminal(CaseStatus status) => status is Closed or Voided;

    /// <summary>Statuses in which the handling deadline is counting down (dispatch until feedback).</summary>
    public static bool HandlingClockRuns(CaseStatus status) => status is Dispatched or InProgress or Extended;

    /// <summary>Statuses whose time is excluded from the handling clock.</summary>
    public static bool PausesHandlingClock(CaseStatus status) => status is Parked or ExtensionRequested;

    static CaseTransition? Find(CaseStatus from, CaseAction action) =>
        Transitions.FirstOrDefault(t => t.From == from && t.Action == action);

    static IEnumerable<CaseTransition> Stay(CaseAction action, CaseActor[] who, params CaseStatus[] statuses) =>
        statuses.Select(s => new CaseTransition(s, action, s, who));
}
