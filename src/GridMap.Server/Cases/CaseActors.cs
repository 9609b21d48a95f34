using GridMap.Core.Cases;

namespace GridMap.Server.Cases;

/// <summary>Who acts on a case, and in which role: what the audit trail records and the workflow checks.</summary>
public sealed record Actor(string Name, CaseActor Role);

public static class CaseActors
{
    /// <summary>
    /// Until sign-in exists (the auth issue), the client says who it is: the role from
    /// <c>actorRole</c> (command centre when absent) and the name from <c>actor</c>. This is the
    /// one place the signed-in user will replace.
    /// </summary>
    public static (Actor? Actor, (string Field, string Reason)? Error) Resolve(string? actor, string? actorRole)
    {
        var role = CaseActor.CommandCentre;
        if (actorRole is not null && !CaseCodes.TryParse(actorRole, out role))
            return (null, ("actorRole", $"actorRole must be one of {string.Join(", ", Enum.GetValues<CaseActor>().Select(r => r.Code()))}"));
        if (actor?.Trim().Length > 200) return (null, ("actor", "actor is longer than 200 characters"));
        return (new Actor(string.IsNullOrWhiteSpace(actor) ? role.Code() : actor.Trim(), role), null);
    }
}
