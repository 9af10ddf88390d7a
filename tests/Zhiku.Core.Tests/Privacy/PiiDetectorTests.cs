using Zhiku.Core.Privacy;

namespace Zhiku.Core.Tests.Privacy;

public sealed class PiiDetectorTests
{
    private static readonly PiiDetector Detector = new(new PiiDetectorOptions { TimeProvider = new FixedClock(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero)) });

    private static List<(string Type, string Value)> Find(string text) =>
        [.. Detector.Detect(text).Select(e => (e.Type, e.ValueIn(text)))];

    [Theory]
    [InlineData("身份证号11010519491231002X。", "CN_ID", "11010519491231002X")]
    [InlineData("证件号码：１１０１０５１９４９１２３１００２Ｘ", "CN_ID", "１１０１０５１９４９１２３１００２Ｘ")]
    [InlineData("手机13812345678联系", "CN_MOBILE", "13812345678")]
    [InlineData("电话：+86 138 1234 5678", "CN_MOBILE", "+86 138 1234 5678")]
    [InlineData("电话138\u200B1234\u200B5678。", "CN_MOBILE", "138\u200B1234\u200B5678")]
    [InlineData("座机（010）62345678", "CN_LANDLINE", "（010）62345678")]
    [InlineData("客服热线400-820-8820", "CN_LANDLINE", "400-820-8820")]
    [InlineData("卡号6222 0212 3456 7890 128，", "BANK_CARD", "6222 0212 3456 7890 128")]
    [InlineData("统一社会信用代码91350100M000100Y43", "CN_USCC", "91350100M000100Y43")]
    [InlineData("护照号码：E12345678", "PASSPORT", "E12345678")]
    [InlineData("回乡证号码H12345678", "CN_HMT_PERMIT", "H12345678")]
    [InlineData("香港身份证A123456(3)", "CN_HMT_ID", "A123456(3)")]
    [InlineData("车牌号京A·12345已登记", "CN_PLATE", "京A·12345")]
    [InlineData("新能源车粤BD12345", "CN_PLATE", "粤BD12345")]
    [InlineData("邮箱zhang.wei@example.com。", "EMAIL", "zhang.wei@example.com")]
    [InlineData("服务器IP：192.168.1.10。", "IP", "192.168.1.10")]
    [InlineData("地址：2001:db8::1", "IP", "2001:db8::1")]
    [InlineData("MAC地址：00:1A:2B:3C:4D:5E", "MAC", "00:1A:2B:3C:4D:5E")]
    [InlineData("出生日期：1990年3月7日", "DATE_OF_BIRTH", "1990年3月7日")]
    [InlineData("联系人：王小明，电话", "PERSON", "王小明")]
    [InlineData("Dear Mr. John Smith,", "PERSON", "John Smith")]
    [InlineData("公司地址：北京市海淀区中关村大街27号中关村大厦12层1201室。", "ADDRESS", "北京市海淀区中关村大街27号中关村大厦12层1201室")]
    [InlineData("数据库密码：Abc@123456，请勿外传", "SECRET", "Abc@123456")]
    [InlineData("key sk-abcdefghijklmnopqrstuvwxyz0123456789", "SECRET", "sk-abcdefghijklmnopqrstuvwxyz0123456789")]
    public void FindsEntityWithExactOriginalSpan(string text, string type, string value) =>
        Assert.Contains((type, value), Find(text));

    [Theory]
    [InlineData("升级到 version 1.2.3.4 后重启")]
    [InlineData("订单号：202403151234567890123")]
    [InlineData("时间 2024-03-15 14:30:00，时间戳1710487800123")]
    [InlineData("序列号110105194912310021")]
    [InlineData("测试号码12345678901")]
    [InlineData("第3.1.2.1节")]
    public void IgnoresHardNegatives(string text) => Assert.DoesNotContain(Find(text), f => f.Type is not "PERSON");

    [Fact]
    public void AllowListSuppressesAndDenyListAdds()
    {
        var detector = new PiiDetector(new PiiDetectorOptions { AllowList = ["王小明"], DenyList = ["老K"], StaffDirectory = ["欧阳娜娜"] });
        string text = "联系人：王小明。老K和欧阳娜娜到了。";
        var found = detector.Detect(text).Select(e => e.ValueIn(text)).ToList();
        Assert.DoesNotContain("王小明", found);
        Assert.Contains("老K", found);
        Assert.Contains("欧阳娜娜", found);
    }

    [Fact]
    public void ResultsDoNotOverlapAndAreSorted()
    {
        string text = "联系人：王小明，手机13812345678，身份证11010519491231002X，地址上海市徐汇区漕溪北路88号。";
        IReadOnlyList<PiiEntity> found = Detector.Detect(text);
        for (int i = 1; i < found.Count; i++)
        {
            Assert.True(found[i - 1].End <= found[i].Start);
        }
    }

    [Fact]
    public void NormalizedTextMapsBackToOriginalOffsets()
    {
        var n = NormalizedText.Create("ａ\u200Bｂ１");
        Assert.Equal("ab1", n.Text);
        Assert.Equal((0, 4), n.ToOriginal(0, 3));
        Assert.Equal((2, 3), n.ToOriginal(1, 2));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
