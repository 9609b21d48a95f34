using System.Text.Json;

namespace GridMap.Core.Cases;

/// <summary>The case categories and departments of data/case-categories.json, checked on load.</summary>
public sealed class CaseCatalogue
{
    readonly Dictionary<string, CaseCategory> categories;
    readonly Dictionary<string, FunctionalDepartment> departments;

    /// <exception cref="InvalidDataException">Duplicate codes, blank names, limits that are not positive, unknown departments.</exception>
    public CaseCatalogue(IEnumerable<CaseCategory> categories, IEnumerable<FunctionalDepartment> departments)
    {
        Categories = [.. categories];
        Departments = [.. departments];
        this.departments = Index(Departments, d => d.Code, "department");
        this.categories = Index(Categories, c => c.Code, "category");
        foreach (var d in Departments)
        {
            RequireNames(d.Code, d.NameZh, d.NameEn);
            if (d.ConfirmLimitMinutes <= 0) throw Invalid($"Department {d.Code} needs a positive confirmLimitMinutes.");
        }
        foreach (var c in Categories)
        {
            RequireNames(c.Code, c.NameZh, c.NameEn);
            if (c.RegisterLimitMinutes <= 0 || c.DispatchLimitMinutes <= 0 || c.HandlingLimitHours <= 0)
                throw Invalid($"Category {c.Code} needs positive registerLimitMinutes, dispatchLimitMinutes and handlingLimitHours.");
            foreach (var code in c.Departments)
                if (!this.departments.ContainsKey(code)) throw Invalid($"Category {c.Code} names unknown department '{code}'.");
        }
    }

    /// <summary>In file order.</summary>
    public IReadOnlyList<CaseCategory> Categories { get; }

    /// <summary>In file order.</summary>
    public IReadOnlyList<FunctionalDepartment> Departments { get; }

    public CaseCategory? FindCategory(string code) => categories.GetValueOrDefault(code);
    public FunctionalDepartment? FindDepartment(string code) => departments.GetValueOrDefault(code);

    public static CaseCatalogue Load(string path) => Parse(File.ReadAllText(path));

    public static CaseCatalogue Parse(string json)
    {
        CatalogueFile? file;
        try { file = JsonSerializer.Deserialize(json, CasesJson.Default.CatalogueFile); }
        catch (JsonException e) { throw new InvalidDataException($"Case catalogue: {e.Message}", e); }
        if (file is null) throw Invalid("The case catalogue is empty.");
        return new CaseCatalogue(file.Categories, file.Departments);
    }

    static Dictionary<string, T> Index<T>(IEnumerable<T> items, Func<T, string> code, string kind)
    {
        var index = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (string.IsNullOrWhiteSpace(code(item))) throw Invalid($"A {kind} has no code.");
            if (!index.TryAdd(code(item), item)) throw Invalid($"Duplicate {kind} code '{code(item)}'.");
        }
        return index;
    }

    static void RequireNames(string code, string nameZh, string nameEn)
    {
        if (string.IsNullOrWhiteSpace(nameZh) || string.IsNullOrWhiteSpace(nameEn))
            throw Invalid($"'{code}' needs both nameZh and nameEn.");
    }

    static InvalidDataException Invalid(string message) => new(message);
}
