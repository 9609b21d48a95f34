namespace GridMap.Tests.Auth;

public class MaskingTests(AuthApp app) : IClassFixture<AuthApp>
{
    [Theory]
    [InlineData("张建国", "张*国")]
    [InlineData("刘芳", "刘*")]
    [InlineData("欧阳建国", "欧**国")]
    [InlineData("王", "*")]
    [InlineData("𠀀𠀁𠀂", "𠀀*𠀂")] // characters outside the BMP count as one, as in PostgreSQL
    public void Names_keep_their_first_and_last_character(string name, string masked) =>
        Assert.Equal(masked, Masking.Name(name));

    [Theory]
    [InlineData("13812341234", "138****1234")]
    [InlineData("0513-86123456", "051******3456")]
    [InlineData("12345", "***45")]
    [InlineData("12", "**")]
    public void Phones_keep_the_first_three_and_last_four_digits(string phone, string masked) =>
        Assert.Equal(masked, Masking.Phone(phone));

    [Fact]
    public async Task The_sql_masks_and_the_csharp_masks_agree()
    {
        string[] samples = ["张建国", "刘芳", "欧阳建国", "王", "", "John Smith", "𠀀𠀁𠀂", "13812341234", "0513-86123456", "12345", "1", "+86 138 1234 1234"];
        var sql = await app.QueryAsync("SELECT v, mask_name(v), mask_phone(v), mask_name(v, true), mask_phone(v, true) FROM unnest($1::text[]) v",
            r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)), [samples]);
        Assert.Equal(samples.Select(s => (s, Masking.Name(s), Masking.Phone(s), s, s)), sql);
        Assert.Single(await app.QueryAsync("SELECT mask_name(NULL) IS NULL AND mask_phone(NULL) IS NULL", r => r.GetBoolean(0)), true);
    }

    [Fact]
    public async Task A_grid_worker_and_a_planner_see_household_pins_with_masked_names_and_phones()
    {
        var worker = await app.ClientFor(SmallDistrict.Worker).GetFromJsonAsync<JsonElement>("/api/households");
        var pin = Assert.Single(worker.GetProperty("features").EnumerateArray()).GetProperty("properties");
        Assert.Equal("张*国", pin.GetProperty("name").GetString());
        Assert.Equal("138****1234", pin.GetProperty("phone").GetString());

        var planner = await app.ClientFor(SmallDistrict.Planner).GetFromJsonAsync<JsonElement>("/api/households");
        Assert.Equal(["张*国", "李*英"], planner.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_grid_worker_sees_its_colleagues_with_masked_phones_and_the_leader_unmasked()
    {
        static async Task<string?> PhoneOf陈伟(HttpClient http) =>
            (await http.GetFromJsonAsync<JsonElement>("/api/staff")).GetProperty("features").EnumerateArray()
                .Select(f => f.GetProperty("properties")).Single(p => p.GetProperty("name").GetString() == "陈伟").GetProperty("phone").GetString();
        Assert.Equal("137****1111", await PhoneOf陈伟(app.ClientFor(SmallDistrict.Worker)));
        Assert.Equal("13700001111", await PhoneOf陈伟(app.ClientFor(SmallDistrict.Leader)));
    }

    [Fact]
    public async Task Each_unmasked_read_of_households_is_recorded_with_who_and_which_and_masked_reads_are_not()
    {
        async Task<List<(string User, string What, long[] Ids)>> Reads(string username) =>
            await app.QueryAsync("SELECT username, what, household_ids FROM personal_data_reads WHERE username = $1 ORDER BY id",
                r => (r.GetString(0), r.GetString(1), r.GetFieldValue<long[]>(2)), username);

        var before = (await Reads(SmallDistrict.Centre)).Count;
        var centre = await app.ClientFor(SmallDistrict.Centre).GetFromJsonAsync<JsonElement>("/api/households");
        Assert.Equal(["张建国", "李秀英"], centre.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("name").GetString()));
        var reads = await Reads(SmallDistrict.Centre);
        Assert.Equal(before + 1, reads.Count);
        var expectedIds = await app.QueryAsync("SELECT id FROM households WHERE name IN ('张建国', '李秀英') ORDER BY id", r => r.GetInt64(0));
        Assert.Equal((SmallDistrict.Centre, "GET /api/households"), (reads[^1].User, reads[^1].What));
        Assert.Equal(expectedIds, reads[^1].Ids);

        await app.ClientFor(SmallDistrict.Worker).GetStringAsync("/api/households");
        await app.ClientFor(SmallDistrict.Planner).GetStringAsync("/api/households");
        Assert.Empty(await Reads(SmallDistrict.Worker));
        Assert.Empty(await Reads(SmallDistrict.Planner));
        // A read that finds no one records nothing.
        await app.ClientFor(SmallDistrict.Centre).GetStringAsync("/api/households?bbox=121.26,31.855,121.295,31.895");
        Assert.Equal(before + 1, (await Reads(SmallDistrict.Centre)).Count);
    }

    [Fact]
    public async Task The_record_of_reads_cannot_be_altered()
    {
        await app.ClientFor(SmallDistrict.Admin).GetStringAsync("/api/households");
        var e = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => app.ExecuteAsync("DELETE FROM personal_data_reads"));
        Assert.Contains("append-only", e.MessageText);
    }

    [Fact]
    public async Task No_log_line_at_any_level_carries_personal_data()
    {
        foreach (var rule in AccessMatrix.Rules)
            foreach (var probe in Probe.All)
                foreach (var place in new[] { Place.Inside, Place.Outside })
                {
                    using var http = probe.Role is { } r ? app.ClientFor(SmallDistrict.Users[r].Username) : app.CreateClient();
                    await http.SendAsync(rule.Call(place).Message());
                }
        // Requests that fail while carrying personal data in their bodies.
        using var anonymous = app.CreateClient();
        await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "张建国", password = "13812341234" });
        await anonymous.PostAsync("/api/auth/login", new StringContent("""{"username":"李秀英","password":13912345678""", System.Text.Encoding.UTF8, "application/json"));

        Assert.NotEmpty(app.Logs.Lines);
        Assert.Empty(app.Logs.Lines.Where(line => AuthApp.PersonalData.Any(line.Contains)));
    }
}
