using Zhiku.Core.Privacy;

namespace Zhiku.Core.Tests.Privacy;

/// <summary>Forms seen in real documents that desensitization missed (issue 11 item 9). A partial mask leaves
/// part of the value readable, so each value must be covered whole.</summary>
public sealed class MissedFormsTests
{
    private static readonly PiiDetector Detector = new();

    [Theory]
    [InlineData("password: hunter2!Q", PiiTypes.Secret, "hunter2!Q")]
    [InlineData("数据库口令是 P@ssw0rd2024，请妥善保管。", PiiTypes.Secret, "P@ssw0rd2024")]
    [InlineData("{\"user\": \"admin\", \"password\": \"s3cr3t-Value9\"}", PiiTypes.Secret, "s3cr3t-Value9")]
    [InlineData("password=\"Zk#2024pass\"", PiiTypes.Secret, "Zk#2024pass")]
    [InlineData("身份证号 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 X", PiiTypes.ChineseId, "1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 X")]
    [InlineData("身份证号码一一〇一〇五一九四九一二三一〇〇二X。", PiiTypes.ChineseId, "一一〇一〇五一九四九一二三一〇〇二X")]
    [InlineData("联系电话 138.0013.8000，工作日可拨打。", PiiTypes.ChineseMobile, "138.0013.8000")]
    [InlineData("请发邮件到 zhang.wei @ example.com 确认。", PiiTypes.Email, "zhang.wei @ example.com")]
    [InlineData("邮箱 a @ b.com", PiiTypes.Email, "a @ b.com")]
    [InlineData("QQ号：123456789，晚上在线。", PiiTypes.ImAccount, "123456789")]
    [InlineData("加我QQ 20304050 详聊", PiiTypes.ImAccount, "20304050")]
    [InlineData("微信号：zhang_wei88，备注公司名。", PiiTypes.ImAccount, "zhang_wei88")]
    [InlineData("WeChat: wxid_k3j9x2p1", PiiTypes.ImAccount, "wxid_k3j9x2p1")]
    [InlineData("地址：北京市朝阳区建国路SOHO现代城5号楼1203室。", PiiTypes.Address, "北京市朝阳区建国路SOHO现代城5号楼1203室")]
    public void IsFoundWhole(string text, string type, string value)
    {
        Assert.Contains(Detector.Detect(text), e => e.Type == type && e.ValueIn(text) == value);
    }

    [Theory]
    [InlineData("QQ群公告：本周五例会改到下午三点。")]
    [InlineData("订单号 123456789 已发货。")]
    [InlineData("本公司微信公众号每周更新。")]
    [InlineData("一二三四五六七八九十是中文数字。")]
    public void LooksAlikeButIsNot(string text)
    {
        Assert.DoesNotContain(Detector.Detect(text), e => e.Type is PiiTypes.ImAccount or PiiTypes.ChineseId);
    }

    [Fact]
    public void SpelledAndDigitIdsShareAPlaceholder()
    {
        var session = new PseudonymSession("ids");
        var desensitizer = new Desensitizer(Detector);
        string a = desensitizer.Desensitize("身份证号11010519491231002X", session).Text;
        string b = desensitizer.Desensitize("身份证号一一〇一〇五一九四九一二三一〇〇二X", session).Text;
        Assert.Equal("身份证号[身份证_1]", a);
        Assert.Equal("身份证号[身份证_1]", b);
    }
}
