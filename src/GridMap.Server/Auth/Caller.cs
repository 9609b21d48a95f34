using System.Reflection;
using System.Security.Claims;

namespace GridMap.Server.Auth;

/// <summary>
/// The signed-in user a request acts for, as handlers need it: a handler takes a
/// <c>Caller</c> parameter and filters its rows by <see cref="Scope"/>.
/// </summary>
/// <param name="DepartmentCode">The department a <see cref="Role.Department"/> user answers for (a code of the case catalogue).</param>
public sealed record Caller(long UserId, string Username, Role Role, long? AreaId, long? StaffId, string? DepartmentCode = null)
{
    public const string AreaClaim = "gridmap:area";
    public const string StaffClaim = "gridmap:staff";
    public const string DepartmentClaim = "gridmap:department";

    /// <summary>The root of the area subtree this caller sees; null: everything (admin).</summary>
    public long? Scope => Role == Role.Admin ? null : AreaId ?? NoArea;

    /// <summary>Not an area id: a caller without an area sees no rows of any area.</summary>
    const long NoArea = -1;

    /// <summary>Whether names and phones come unmasked for this caller.</summary>
    public bool SeesPersonalData => Access.SeesPersonalData(Role);

    public IEnumerable<Claim> Claims()
    {
        yield return new(ClaimTypes.NameIdentifier, UserId.ToString(CultureInfo.InvariantCulture));
        yield return new(ClaimTypes.Name, Username);
        yield return new(ClaimTypes.Role, Role.Code());
        if (AreaId is { } area) yield return new(AreaClaim, area.ToString(CultureInfo.InvariantCulture));
        if (StaffId is { } staff) yield return new(StaffClaim, staff.ToString(CultureInfo.InvariantCulture));
        if (DepartmentCode is { } department) yield return new(DepartmentClaim, department);
    }

    public static Caller? From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        if (Roles.Parse(user.FindFirstValue(ClaimTypes.Role)) is not { } role) return null;
        if (!long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), CultureInfo.InvariantCulture, out var id)) return null;
        return new(id, user.Identity.Name ?? "", role, Long(user, AreaClaim), Long(user, StaffClaim), user.FindFirstValue(DepartmentClaim));
    }

    static long? Long(ClaimsPrincipal user, string type) =>
        long.TryParse(user.FindFirstValue(type), CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>Minimal-API binding: endpoints behind a policy always have a signed-in caller.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext http, ParameterInfo _) => ValueTask.FromResult(From(http.User));
}
