namespace GridMap.Core.Cases;

/// <summary>
/// Where a case (民情诉求案件) stands in the GB/T 30428 cycle. Wire code: snake_case of the
/// name (<see cref="CaseCodes"/>). Which moves lead where is <see cref="CaseWorkflow"/>.
/// </summary>
public enum CaseStatus
{
    /// <summary>上报 / 待立案: reported by a resident or grid worker, not yet accepted.</summary>
    Reported,
    /// <summary>已立案: accepted as a case by the command centre, waiting to be dispatched.</summary>
    Registered,
    /// <summary>不予立案 / 作废: not a case (duplicate, out of scope, unfounded). Terminal.</summary>
    Voided,
    /// <summary>已派遣: sent to a handler; the handling clock starts here.</summary>
    Dispatched,
    /// <summary>处置中: the handler has accepted it and is working on it.</summary>
    InProgress,
    /// <summary>已退回: the handler says it is not theirs (with a reason); back with the command centre.</summary>
    Returned,
    /// <summary>延期申请中: still being handled while the command centre decides; the clock is paused.</summary>
    ExtensionRequested,
    /// <summary>已延期: extension granted, the deadline has moved; still being handled. One extension per case.</summary>
    Extended,
    /// <summary>挂账: cannot be solved for now (funding, planning); the clock is paused.</summary>
    Parked,
    /// <summary>已反馈 / 待核查: the handler reports it done.</summary>
    FeedbackSubmitted,
    /// <summary>核查中: someone is verifying on site that it is really done.</summary>
    Checking,
    /// <summary>已结案: verified and closed. Terminal.</summary>
    Closed,
}
