using Zhiku.Core.Privacy;

namespace Zhiku.Core.Tests.Privacy;

/// <summary>Person names are found as whole entities and never inside ordinary words, product names, units or
/// time expressions (issue 10 §2).</summary>
public sealed class PersonBoundaryTests
{
    private static readonly PiiDetector Detector = new();

    [Theory]
    [InlineData("ZK-2024-001P 宽温版的工作温度范围是多少？")]
    [InlineData("员工应在试用期满前两周提交转正申请。")]
    [InlineData("请假须提前2周在OA系统提交申请，经部门负责人审批后生效。")]
    [InlineData("石英晶振的温漂会影响计时精度，宽温版使用温补晶振。")]
    [InlineData("电源指示灯常亮表示供电正常；满负荷运行时请确保机柜内温度不超过45℃。")]
    [InlineData("向公司提出合理化建议并被采纳的，给予500元奖励。员工应妥善保管工牌。")]
    [InlineData("温馨提示：周一至周五9:00至18:00，高铁二等座可据实报销，公章严禁在空白文件上盖章。")]
    public void OrdinaryWordsAreNotNames(string text)
    {
        Assert.DoesNotContain(Detector.Detect(text), e => e.Type == PiiTypes.Person);
    }

    [Fact]
    public void TheSampleQuestionGoesOutUnchanged()
    {
        const string question = "ZK-2024-001P 宽温版的工作温度范围是多少？";
        DesensitizationResult result = new Desensitizer(Detector).Desensitize(question, new PseudonymSession("q"));
        Assert.Equal(question, result.Text);
    }

    [Theory]
    [InlineData("会议由欧阳文远主持，会后形成纪要。", "欧阳文远")]
    [InlineData("来自山东的选手游刚振以9秒98的成绩夺冠。", "游刚振")]
    [InlineData("参加验收的有陈琪、李春佳、涂平承三位专家。", "涂平承")]
    [InlineData("感谢郎涵颖老师在论文写作中给予的指导。", "郎涵颖")]
    [InlineData("据警方通报，犯罪嫌疑人谌琴若已被依法刑事拘留。", "谌琴若")]
    public void NamesAreFoundWhole(string text, string name)
    {
        IReadOnlyList<PiiEntity> persons = [.. Detector.Detect(text).Where(e => e.Type == PiiTypes.Person)];
        Assert.Contains(persons, e => e.ValueIn(text) == name);
        Assert.DoesNotContain(persons, e => e.ValueIn(text) != name && name.Contains(e.ValueIn(text), StringComparison.Ordinal));
    }

    [Fact]
    public void AStaffNameInsideALongerNameMasksTheWholeName()
    {
        var detector = new PiiDetector(new PiiDetectorOptions { StaffDirectory = ["张三"] });
        var session = new PseudonymSession("staff");
        string text = new Desensitizer(detector).Desensitize("项目经理张三远负责交付。", session).Text;
        Assert.DoesNotContain("远", text);
        Assert.Equal("张三远", Assert.Single(session.Entries).Value);
    }

    [Fact]
    public void TheSameNameGetsTheSamePlaceholderAcrossTheConversation()
    {
        var session = new PseudonymSession("same");
        var desensitizer = new Desensitizer(Detector);
        string first = desensitizer.Desensitize("会议由欧阳文远主持。", session).Text;
        string second = desensitizer.Desensitize("联系人：欧阳文远，负责宽温版的交付。", session).Text;
        Assert.Equal("会议由[姓名_1]主持。", first);
        Assert.Equal("联系人：[姓名_1]，负责宽温版的交付。", second);
    }
}
