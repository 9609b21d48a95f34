using static GridMap.Core.Tests.Cases.DataFiles;

namespace GridMap.Core.Tests.Cases;

public class HolidayCalendarTests
{
    [Theory]
    // Per the State Council notices: days off and total length of each 2025 and 2026 break.
    [InlineData("元旦", 2025, 1)]
    [InlineData("春节", 2025, 8)]
    [InlineData("清明节", 2025, 3)]
    [InlineData("劳动节", 2025, 5)]
    [InlineData("端午节", 2025, 3)]
    [InlineData("国庆节、中秋节", 2025, 8)]
    [InlineData("元旦", 2026, 3)]
    [InlineData("春节", 2026, 9)]
    [InlineData("清明节", 2026, 3)]
    [InlineData("劳动节", 2026, 5)]
    [InlineData("端午节", 2026, 3)]
    [InlineData("中秋节", 2026, 3)]
    [InlineData("国庆节", 2026, 7)]
    public void Each_break_has_as_many_days_off_as_the_notice_announces(string name, int year, int days) =>
        Assert.Equal(days, Holidays.Holidays.Count(h => h.Name == name && h.Date.Year == year));

    [Fact]
    public void Make_up_working_days_are_the_announced_weekend_days()
    {
        Assert.Equal(
            ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
             "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
            Holidays.MakeUpWorkdays.Select(d => d.Date.ToString("yyyy-MM-dd")));
    }

    [Fact]
    public void The_office_calendar_treats_holidays_as_off_and_make_up_days_as_worked()
    {
        var office = WorkCalendar.Office(Holidays);
        Assert.False(office.IsWorkingDay(new DateOnly(2026, 2, 16)));  // Monday in 春节
        Assert.True(office.IsWorkingDay(new DateOnly(2026, 2, 14)));   // Saturday, 调休上班
        Assert.False(office.IsWorkingDay(new DateOnly(2026, 3, 7)));   // ordinary Saturday
        Assert.True(office.IsWorkingDay(new DateOnly(2026, 3, 9)));    // ordinary Monday
        Assert.Equal("春节调休上班", Holidays.NameOf(new DateOnly(2026, 2, 14)));
        Assert.Null(Holidays.NameOf(new DateOnly(2026, 3, 9)));
    }

    [Theory]
    [InlineData("""{"holidays":[{"date":"2026-02-14","name":"x"}],"workdays":[{"date":"2026-02-14","name":"y"}]}""", "both")]
    [InlineData("""{"holidays":[{"date":"2026-01-01","name":"x"},{"date":"2026-01-01","name":"y"}],"workdays":[]}""", "twice")]
    [InlineData("""{"holidays":[],"workdays":[{"date":"2026-03-09","name":"Monday"}]}""", "not a weekend")]
    [InlineData("""{"holidays":[{"date":"2026-01-01","name":"元旦"}]}""", "workdays")]
    [InlineData("""{"holidays":[{"date":"01/01/2026","name":"元旦"}],"workdays":[]}""", "date")]
    public void A_calendar_file_with_a_contradiction_or_a_gap_is_refused(string json, string reason) =>
        Assert.Contains(reason, Assert.Throws<InvalidDataException>(() => HolidayCalendar.Parse(json)).Message);
}
