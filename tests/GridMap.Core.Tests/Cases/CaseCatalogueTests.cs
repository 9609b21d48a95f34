using static GridMap.Core.Tests.Cases.DataFiles;

namespace GridMap.Core.Tests.Cases;

public class CaseCatalogueTests
{
    [Fact]
    public void The_catalogue_holds_the_six_categories_of_the_governance_reports()
    {
        var names = Catalogue.Categories.Select(c => c.NameZh).ToHashSet();
        Assert.Superset(new HashSet<string> { "环境卫生", "扶贫助困", "政策宣传", "综治维稳", "纠纷调解", "村务监督" }, names);
        Assert.Superset(new HashSet<string> { "市政设施", "安全隐患", "违章搭建", "噪声扰民" }, names);
    }

    [Fact]
    public void Urgent_categories_are_dispatched_within_10_minutes_and_normal_ones_within_30()
    {
        foreach (var c in Catalogue.Categories)
            Assert.Equal(c.Urgency == Urgency.Urgent ? 10 : 30, c.DispatchLimitMinutes);
    }

    [Fact]
    public void A_category_reads_with_both_names_its_limits_and_departments()
    {
        var hazard = Catalogue.FindCategory("safety_hazard")!;
        Assert.Equal(("安全隐患", "Safety hazard", Urgency.Urgent), (hazard.NameZh, hazard.NameEn, hazard.Urgency));
        Assert.Equal(TimeSpan.FromMinutes(5), hazard.RegisterLimit);
        Assert.Equal(TimeSpan.FromHours(2), hazard.HandlingLimit);
        Assert.Equal(["emergency_management", "housing_construction"], hazard.Departments);
        Assert.Equal(15, Catalogue.FindDepartment("emergency_management")!.ConfirmLimitMinutes);
        Assert.Equal(30, Catalogue.FindDepartment("justice")!.ConfirmLimitMinutes);
        Assert.Null(Catalogue.FindCategory("unknown"));
    }

    const string Dept = """{"code":"justice","nameZh":"司法所","nameEn":"Judicial Office"}""";

    static string Category(string fields) =>
        $$"""{"code":"c","nameZh":"纠纷调解","nameEn":"Dispute","urgency":"normal","registerLimitMinutes":15,"dispatchLimitMinutes":30,"handlingLimitHours":24,"departments":["justice"]{{fields}}}""";

    [Theory]
    [InlineData($$"""{"departments":[{{Dept}}],"categories":[{"code":"c"}]}""", "nameZh")]
    [InlineData($$"""{"departments":[{{Dept}},{{Dept}}],"categories":[]}""", "Duplicate department")]
    public void A_catalogue_with_missing_or_repeated_entries_is_refused(string json, string reason) =>
        Assert.Contains(reason, Assert.Throws<InvalidDataException>(() => CaseCatalogue.Parse(json)).Message);

    [Theory]
    [InlineData(""","urgency":"very" """, "urgency")]
    [InlineData(""","handlingLimitHours":0""", "positive")]
    [InlineData(""","departments":["police"]""", "unknown department 'police'")]
    public void A_category_with_a_bad_value_is_refused(string overrides, string reason)
    {
        var json = $$"""{"departments":[{{Dept}}],"categories":[{{Category(overrides)}}]}""";
        Assert.Contains(reason, Assert.Throws<InvalidDataException>(() => CaseCatalogue.Parse(json)).Message);
    }
}
