namespace GridMap.Demo;

/// <summary>Believable Chinese names, phone numbers and place names for the demo district.</summary>
static class ChineseNames
{
    // National frequencies (per mille, 2020 census order), with the surnames common in Haimen
    // (施 陆 顾 沈 倪 季 茅 龚 秦) raised to what a Haimen roster looks like.
    static readonly (char Surname, double Weight)[] Surnames =
    [
        ('王', 71), ('李', 70), ('张', 64), ('刘', 54), ('陈', 45), ('杨', 31), ('黄', 28), ('赵', 20),
        ('吴', 20), ('周', 19), ('徐', 18), ('孙', 15), ('马', 14), ('朱', 16), ('胡', 13), ('郭', 12),
        ('何', 11), ('高', 11), ('林', 11), ('罗', 9), ('郑', 9), ('梁', 9), ('谢', 8), ('宋', 8),
        ('唐', 8), ('许', 7), ('韩', 7), ('冯', 7), ('邓', 7), ('曹', 9), ('彭', 6), ('曾', 6),
        ('肖', 6), ('田', 6), ('董', 5), ('袁', 5), ('潘', 5), ('于', 5), ('蒋', 5), ('蔡', 5),
        ('余', 5), ('杜', 5), ('叶', 4), ('程', 4), ('苏', 4), ('魏', 4), ('吕', 4), ('丁', 4),
        ('任', 4), ('沈', 14), ('施', 16), ('陆', 14), ('顾', 13), ('倪', 8), ('季', 8), ('茅', 6),
        ('龚', 7), ('秦', 5), ('姜', 4), ('范', 4), ('钱', 5), ('严', 4), ('葛', 4), ('瞿', 3),
    ];
    static readonly double[] SurnameWeights = Surnames.Select(s => s.Weight).ToArray();

    const string GivenChars =
        "建国伟华明军红英平玉兰芳秀丽志强海燕霞林杰涛斌磊静敏娟婷雪梅宇浩鹏辉峰东亮勇春晓文卫新金德荣桂凤永成俊慧云琴佳欣晨阳健刚洪彬松美萍丹凯瑞睿子涵梓轩雨欢宏伟伦忠良艳洁";

    static readonly string[] MobilePrefixes =
        ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
         "155", "156", "157", "158", "159", "180", "181", "182", "183", "185", "186", "187", "188", "189"];

    // Community (社区) and village (村) names of the Haimen kind, used before any made-up ones.
    static readonly string[] UrbanNames =
    [
        "秀山", "东洲", "通源", "江海", "长江", "新海", "育才", "城北", "城南", "解放", "人民", "中南",
        "光华", "德胜", "南园", "北园", "龙馨", "星湖", "锦绣", "镇北", "江滨", "临江", "海滨", "瑞祥",
    ];
    static readonly string[] RuralNames =
    [
        "青龙", "富江", "海南", "天补", "谢家", "金北", "石桥", "万年", "正余", "包场", "余东", "四甲",
        "平山", "久安", "海洪", "三和", "永隆", "新河", "长桥", "民主", "兴旺", "团结", "安乐", "红星",
        "向阳", "双桥", "聚兴", "树勋", "烟墩", "六甲", "灵甸", "货隆", "麒麟", "刘浩", "王浩", "叠石",
    ];
    const string PlaceFirst = "东西南北新永长安兴福德龙凤金银玉石海江河湖桥港沙洲城青红光明和平富民春秋松竹梅兰";
    const string PlaceSecond = "山洲源海江桥河港沙园湖庄滩圩垦镇甸埭堡坝湾林塘泾村苑星华盛丰乐宁兴荣";

    public static string Person(DemoRandom random)
    {
        var surname = Surnames[random.Weighted(SurnameWeights)].Surname;
        char first = GivenChars[random.Next(GivenChars.Length)], second;
        do second = GivenChars[random.Next(GivenChars.Length)]; while (second == first);
        return string.Concat(surname, first, second);
    }

    /// <summary>An 11-digit mainland mobile number (13x, 15x, 18x).</summary>
    public static string Phone(DemoRandom random) => random.Pick(MobilePrefixes) + random.Next(100_000_000).ToString("D8");

    /// <summary>A place name not yet in <paramref name="taken"/>: a Haimen one while any is left, then a made-up one.</summary>
    public static string Place(DemoRandom random, HashSet<string> taken, bool urban)
    {
        var unused = (urban ? UrbanNames : RuralNames).Where(n => !taken.Contains(n)).ToList();
        if (unused.Count > 0)
        {
            var name = random.Pick(unused);
            taken.Add(name);
            return name;
        }
        for (var attempt = 0; ; attempt++)
        {
            var name = attempt < 50
                ? $"{PlaceFirst[random.Next(PlaceFirst.Length)]}{PlaceSecond[random.Next(PlaceSecond.Length)]}"
                : $"{PlaceFirst[random.Next(PlaceFirst.Length)]}{PlaceFirst[random.Next(PlaceFirst.Length)]}{PlaceSecond[random.Next(PlaceSecond.Length)]}";
            if (taken.Add(name) || attempt > 500) return name;
        }
    }
}

/// <summary>Phone numbers never handed out twice in one district, so a number identifies a person.</summary>
sealed class PhoneBook(DemoRandom random)
{
    readonly HashSet<string> issued = [];

    public string Next()
    {
        string phone;
        do phone = ChineseNames.Phone(random); while (!issued.Add(phone));
        return phone;
    }
}
