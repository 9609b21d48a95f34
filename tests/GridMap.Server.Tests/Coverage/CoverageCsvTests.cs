namespace GridMap.Tests.Coverage;

/// <summary>CSV cells that a spreadsheet would run as formulas (CSV injection) are written as text.</summary>
public class CoverageCsvTests(SmallDistrictApp app) : IClassFixture<SmallDistrictApp>
{
    [Fact]
    public async Task Area_names_that_look_like_formulas_reach_the_spreadsheet_as_text()
    {
        // Names come from whoever prepared the import file.
        await Sql.ExecuteAsync(app.Database.ConnectionString, """
            UPDATE areas SET name = CASE id WHEN 4 THEN '=1+2' WHEN 5 THEN E'\rCR' WHEN 6 THEN '+SUM(A1)' WHEN 7 THEN '@cmd'
                                             WHEN 8 THEN '-3+4' WHEN 9 THEN E'\tTAB' END
            WHERE id BETWEEN 4 AND 9
            """);
        var response = await app.AdminClient().GetAsync("/api/coverage/report.csv?radiusM=500");
        var csv = Encoding.UTF8.GetString((await response.Content.ReadAsByteArrayAsync())[3..]);

        foreach (var cell in new[] { ",'=1+2,", ",\"'\rCR\",", ",'+SUM(A1),", ",'@cmd,", ",'-3+4,", ",'\tTAB," })
            Assert.Contains(cell, csv);
        // Figures are untouched: the total line ends in the shares as numbers.
        Assert.Matches(@"^区 \(district\) 合计 \(total\),320614,海门区,,\d+,\d+,\d+\.\d\d,", csv.Split("\r\n")[1]);
    }

    [Theory]
    [InlineData("=HYPERLINK(1)", "'=HYPERLINK(1)")]
    [InlineData("-1", "-1")]
    [InlineData("+12.50", "+12.50")]
    [InlineData("-1+1", "'-1+1")]
    [InlineData("@", "'@")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("=\"x\"", "\"'=\"\"x\"\"\"")]
    [InlineData("中文 (text)", "中文 (text)")]
    public void A_cell_is_quoted_as_RFC_4180_says_and_defused_unless_it_is_a_plain_number(string value, string written) =>
        Assert.Equal(written, Csv.Cell(value));
}
