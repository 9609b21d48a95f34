namespace GridMap.Core.Cases;

/// <summary>
/// A move the workflow forbids: the wrong status for the action, or the wrong role. Carries what
/// a client needs to recover (the server maps it to 409 Conflict).
/// </summary>
public sealed class InvalidTransitionException(
    CaseStatus current, CaseAction action, CaseActor actor,
    IReadOnlyList<CaseAction> allowedActions, IReadOnlyList<CaseActor> rolesThatMay)
    : InvalidOperationException(Describe(current, action, actor, allowedActions))
{
    public CaseStatus Current { get; } = current;
    public CaseAction Action { get; } = action;
    public CaseActor Actor { get; } = actor;

    /// <summary>What this actor may do from <see cref="Current"/> instead.</summary>
    public IReadOnlyList<CaseAction> AllowedActions { get; } = allowedActions;

    /// <summary>Roles that could take <see cref="Action"/> from <see cref="Current"/>; empty when nobody can.</summary>
    public IReadOnlyList<CaseActor> RolesThatMay { get; } = rolesThatMay;

    static string Describe(CaseStatus current, CaseAction action, CaseActor actor, IReadOnlyList<CaseAction> allowed) =>
        $"Cannot {action.Code()} a case that is {current.Code()} as {actor.Code()}; allowed: " +
        (allowed.Count == 0 ? "none" : string.Join(", ", allowed.Select(a => a.Code()))) + ".";
}
