namespace GridMap.Core.Cases;

/// <summary>
/// The names users know for each status (GB/T 30428 wording), in Chinese and English: the one
/// source for the page's labels (served by <c>GET /api/case-categories</c>) and Open311's status notes.
/// </summary>
public static class CaseStatusNames
{
    public static (string Zh, string En) Of(CaseStatus status) => status switch
    {
        CaseStatus.Reported => ("已上报", "Reported"),
        CaseStatus.Registered => ("已立案", "Registered"),
        CaseStatus.Voided => ("不予立案", "Voided"),
        CaseStatus.Dispatched => ("已派遣", "Dispatched"),
        CaseStatus.InProgress => ("处置中", "In progress"),
        CaseStatus.Returned => ("已退回", "Returned"),
        CaseStatus.ExtensionRequested => ("延期申请中", "Extension requested"),
        CaseStatus.Extended => ("已延期", "Extended"),
        CaseStatus.Parked => ("挂账", "Parked"),
        CaseStatus.FeedbackSubmitted => ("已反馈", "Feedback submitted"),
        CaseStatus.Checking => ("核查中", "Being checked"),
        CaseStatus.Closed => ("已结案", "Closed"),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "a status without names"),
    };
}
