using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridMap.Core.Cases;

/// <summary>The shapes of data/holidays.json and data/case-categories.json.</summary>
/// <remarks>Source-generated so the data loads in trimmed and AOT hosts too.</remarks>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(HolidayFile))]
[JsonSerializable(typeof(CatalogueFile))]
sealed partial class CasesJson : JsonSerializerContext;

sealed record HolidayFile(List<NamedDate> Holidays, List<NamedDate> Workdays);

sealed record CatalogueFile(List<FunctionalDepartment> Departments, List<CaseCategory> Categories);
