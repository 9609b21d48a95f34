namespace GridMap.Server.Cases;

/// <summary>Who acts on a case, and in which role: what the audit trail records and the workflow checks.</summary>
public sealed record Actor(string Name, CaseActor Role);

public static class CaseActors
{
    /// <summary>
    /// The signed-in user acts, under their own name, in the workflow role of their user role.
    /// <c>actorRole</c> may name another workflow role only where someone records a move for
    /// others: an admin for anyone, a command centre for a department without an account of its
    /// own (the centre enters its 报到 and handling).
    /// </summary>
    public static (Actor? Actor, (string Field, string Reason)? Error) Resolve(Caller caller, string? actorRole)
    {
        var own = caller.Role switch
        {
            Role.Admin or Role.CommandCentre => CaseActor.CommandCentre,
            Role.GridLeader => CaseActor.GridLeader,
            Role.GridWorker => CaseActor.GridWorker,
            Role.Reporter => CaseActor.Reporter,
            Role.Department => CaseActor.Department,
            _ => (CaseActor?)null,
        };
        if (own is null) return (null, ("actorRole", $"a {caller.Role.Code()} takes no part in the case workflow"));
        if (actorRole is null) return (new Actor(caller.Username, own.Value), null);
        if (!CaseCodes.TryParse(actorRole, out CaseActor asked))
            return (null, ("actorRole", $"actorRole must be one of {string.Join(", ", Enum.GetValues<CaseActor>().Select(r => r.Code()))}"));
        var allowed = caller.Role == Role.Admin || asked == own || (caller.Role == Role.CommandCentre && asked == CaseActor.Department);
        return allowed
            ? (new Actor(caller.Username, asked), null)
            : (null, ("actorRole", $"a {caller.Role.Code()} acts as {own.Value.Code()}, not {asked.Code()}"));
    }
}
