namespace GridMap.Core.Cases;

/// <summary>紧急 / 一般: decides how fast a case must be registered and dispatched.</summary>
public enum Urgency { Normal, Urgent }

/// <summary>
/// A kind of concern (环境卫生, 纠纷调解, ...) with its time limits. Register and dispatch limits
/// are minutes on the command centre's clock; the handling limit is working hours from dispatch.
/// </summary>
public sealed record CaseCategory(
    string Code,
    string NameZh,
    string NameEn,
    Urgency Urgency,
    int RegisterLimitMinutes,
    int DispatchLimitMinutes,
    int HandlingLimitHours,
    IReadOnlyList<string> Departments)
{
    /// <summary>From report to 立案.</summary>
    public TimeSpan RegisterLimit => TimeSpan.FromMinutes(RegisterLimitMinutes);

    /// <summary>From 立案 to 派遣.</summary>
    public TimeSpan DispatchLimit => TimeSpan.FromMinutes(DispatchLimitMinutes);

    /// <summary>From 派遣 to 反馈, in working time.</summary>
    public TimeSpan HandlingLimit => TimeSpan.FromHours(HandlingLimitHours);
}

/// <summary>A functional department (职能部门) that handles cases and answers a whistle (吹哨) by confirming (报到).</summary>
public sealed record FunctionalDepartment(string Code, string NameZh, string NameEn, int ConfirmLimitMinutes = FunctionalDepartment.DefaultConfirmLimitMinutes)
{
    public const int DefaultConfirmLimitMinutes = 30;

    public TimeSpan ConfirmLimit => TimeSpan.FromMinutes(ConfirmLimitMinutes);
}
