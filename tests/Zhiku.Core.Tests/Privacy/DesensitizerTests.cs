using Zhiku.Core.Privacy;

namespace Zhiku.Core.Tests.Privacy;

public sealed class DesensitizerTests
{
    private static readonly PiiDetector Detector = new();
    private const string Text = "联系人：王小明，手机13812345678，身份证11010519491231002X。王小明的备用号码138 1234 5678。统一社会信用代码91350100M000100Y43。";

    [Fact]
    public void PseudonymizesConsistentlyAndRoundTrips()
    {
        var session = new PseudonymSession("conv-1");
        var desensitizer = new Desensitizer(Detector);
        DesensitizationResult result = desensitizer.Desensitize(Text, session);

        Assert.DoesNotContain("王小明", result.Text);
        Assert.DoesNotContain("13812345678", result.Text);
        Assert.DoesNotContain("11010519491231002X", result.Text);
        Assert.Contains("[姓名_1]", result.Text);
        Assert.Contains("[身份证_1]", result.Text);
        Assert.Contains("91350100M000100Y43", result.Text); // CN_USCC is kept by default
        // The same number written with spaces gets the same placeholder.
        Assert.Equal(2, CountOf(result.Text, "[手机号_1]"));
        Assert.Equal(2, result.CountsByType[PiiTypes.Person]);

        ReidentificationResult restored = Reidentifier.Restore(result.Text, session);
        Assert.Equal(Text.Replace("138 1234 5678", "13812345678", StringComparison.Ordinal), restored.Text);
    }

    [Fact]
    public void PlaceholdersStayStableAcrossTurns()
    {
        var session = new PseudonymSession("conv-2");
        var desensitizer = new Desensitizer(Detector);
        string first = desensitizer.Desensitize("联系人：李娜，电话13912345678", session).Text;
        string second = desensitizer.Desensitize("请再次联系13912345678，联系人：张伟", session).Text;
        Assert.Contains("[手机号_1]", first);
        Assert.Contains("[手机号_1]", second);
        Assert.Contains("[姓名_2]", second);
    }

    [Fact]
    public void ReidentifierRestoresOnlyAllowedTypesAndToleratesBracketVariants()
    {
        var session = new PseudonymSession("conv-3");
        new Desensitizer(Detector).Desensitize(Text, session);
        ReidentificationResult r = Reidentifier.Restore("【姓名_1】的身份证是[身份证 _1]，[姓名_9]未知", session, e => e.Type == PiiTypes.Person);
        Assert.Equal("王小明的身份证是1101**********002X，[姓名_9]未知", r.Text);
        Assert.Equal((1, 1, 1), (r.Restored, r.Withheld, r.Unknown));
    }

    [Theory]
    [InlineData(PiiOperator.Mask, "手机138****5678")]
    [InlineData(PiiOperator.Redact, "手机[手机号]")]
    [InlineData(PiiOperator.Keep, "手机13812345678")]
    public void OperatorsPerType(PiiOperator op, string expected)
    {
        var policy = DesensitizationPolicy.Default.With(PiiTypes.ChineseMobile, op);
        Assert.Equal(expected, new Desensitizer(Detector, policy).Desensitize("手机13812345678", new PseudonymSession("x")).Text);
    }

    [Fact]
    public void GeneralizeKeepsBirthYearAndCity()
    {
        var policy = DesensitizationPolicy.Default with { DefaultOperator = PiiOperator.Generalize };
        string text = new Desensitizer(Detector, policy).Desensitize("出生日期：1990年3月7日，住址：广东省深圳市南山区科技园路88号", new PseudonymSession("g")).Text;
        Assert.Equal("出生日期：1990年，住址：广东省深圳市", text);
    }

    [Theory]
    [InlineData(PiiTypes.BankCard, "6222021234567890128", "6222 **** **** 0128")]
    [InlineData(PiiTypes.ChineseMobile, "+86 138 1234 5678", "+86 138 **** 5678")]
    [InlineData(PiiTypes.Email, "zhang.wei@example.com", "z***@example.com")]
    [InlineData(PiiTypes.Person, "欧阳娜娜", "欧阳**")]
    [InlineData(PiiTypes.IpAddress, "192.168.1.10", "192.168.*.*")]
    [InlineData(PiiTypes.Secret, "Abc@123456", "******")]
    public void MasksHideTheMiddle(string type, string value, string masked) => Assert.Equal(masked, PiiMasker.Mask(type, value));

    [Fact]
    public void FlagsSensitiveCategories()
    {
        var found = new SensitiveCategoryClassifier().Classify("患者于2023年确诊抑郁症，其监护人提供了指纹。");
        Assert.Equal([SensitiveCategory.Health, SensitiveCategory.Biometrics, SensitiveCategory.Minors], found.Order());
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
