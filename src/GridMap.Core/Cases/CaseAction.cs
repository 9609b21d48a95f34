namespace GridMap.Core.Cases;

/// <summary>What an actor does to a case. Wire code: snake_case of the name (<see cref="CaseCodes"/>).</summary>
public enum CaseAction
{
    /// <summary>立案: accept a report as a case.</summary>
    Register,
    /// <summary>不予立案 / 作废: reject a report, or drop a returned case nobody owns.</summary>
    Void,
    /// <summary>派遣: send to a handler (grid worker or department); also re-dispatch after a return.</summary>
    Dispatch,
    /// <summary>签收 / 接单: the handler takes the case and starts work.</summary>
    Accept,
    /// <summary>退回: the handler refuses it as not theirs, with a reason, before accepting.</summary>
    Return,
    /// <summary>申请延期: the handler asks for more time; work goes on meanwhile.</summary>
    RequestExtension,
    /// <summary>批准延期: the command centre grants the extension; the deadline moves.</summary>
    ApproveExtension,
    /// <summary>驳回延期: the command centre refuses; the original deadline stands.</summary>
    RejectExtension,
    /// <summary>挂账: shelve a case that cannot be solved for now.</summary>
    Park,
    /// <summary>解除挂账: take a shelved case up again.</summary>
    Unpark,
    /// <summary>处置反馈: the handler reports the work done.</summary>
    SubmitFeedback,
    /// <summary>核查: send someone to verify the reported result.</summary>
    BeginCheck,
    /// <summary>结案: verification passed.</summary>
    Close,
    /// <summary>返工: verification failed; back to the handler.</summary>
    Rework,
    /// <summary>吹哨: summon one or more departments; the status does not change.</summary>
    Escalate,
    /// <summary>报到: a summoned department confirms it is on the case; the status does not change.</summary>
    ConfirmEscalation,
}
