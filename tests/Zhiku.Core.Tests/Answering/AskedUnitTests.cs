using Zhiku.Core.Answering;
using Zhiku.Core.Indexing;
using Zhiku.Core.Indexing.Analysis;

namespace Zhiku.Core.Tests.Answering;

public sealed class AskedUnitTests
{
    [Theory]
    [InlineData("事假一年最多能请几天？", "day")]
    [InlineData("忘记打卡一个月可以补几次？", "times")]
    [InlineData("公司上下班时间是几点？", "clock")]
    [InlineData("每个月几号发工资？", "day of month")]
    [InlineData("宽温版网关卖多少钱？", "money")]
    [InlineData("公积金的缴纳比例是多少？", "percent")]
    [InlineData("一季度毛利率是多少？", "percent")]
    [InlineData("公司现在一共有多少人？", "people")]
    [InlineData("加班换的补休要在几个月内用掉？", "month")]
    [InlineData("How many days before departure must a trip be submitted?", "day")]
    [InlineData("What time does the office open?", "clock")]
    [InlineData("油价提高了多少倍？", "multiple")]
    public void TheUnitAQuestionAsksItsValueInIsRecognized(string question, string unit) =>
        Assert.Equal(unit, AskedUnit.Of(question)?.Name);

    [Theory]
    [InlineData("试用期员工能休年假吗？")]
    [InlineData("报销的时限是多久？")]
    [InlineData("What is the dress code?")]
    [InlineData("巴西的大豆产量在全球排第几名？")]
    public void AQuestionNamingNoUnitHasNone(string question) => Assert.Null(AskedUnit.Of(question));

    [Theory]
    [InlineData("事假一年最多能请几天？", "每年累计事假原则上不超过15天。", true)]
    [InlineData("事假一年最多能请几天？", "合同期限一年以上不满三年的，试用期为二个月。", false)]
    [InlineData("忘记打卡一个月可以补几次？", "每月补卡不超过3次。", true)]
    [InlineData("忘记打卡一个月可以补几次？", "公司在员工入职之日起一个月内签订劳动合同。", false)]
    [InlineData("公司上下班时间是几点？", "工作时间为周一至周五9:00—18:00。", true)]
    [InlineData("公司上下班时间是几点？", "各部门负责人于1月24日下班前完成安全检查。", false)]
    [InlineData("一季度毛利率是多少？", "综合毛利率为41.2%，同比提高1.5个百分点。", true)]
    [InlineData("一季度毛利率是多少？", "一季度实现营业收入1.86亿元。", false)]
    [InlineData("宽温版网关卖多少钱？", "宽温版 单价 8,600 元", true)]
    [InlineData("How many days before departure must a trip be submitted?", "Submit international trips 10 working days before departure.", true)]
    [InlineData("第三届立法会选举共计有多少人投票？", "有178万多人投票（投票率55.64%）。", true)]
    [InlineData("说勉语的人大约有多少人？", "说勉语的人约有150万，自称“勉”。", true)]
    [InlineData("巴格达最多有多少人死于瘟疫？", "有时三分之二的人口因为瘟疫消失。", true)]
    [InlineData("公司现在一共有多少人？", "公司每月发放餐补600元。", false)]
    [InlineData("公司现在一共有多少人？", "公司营业收入1.86亿元。", false)]
    [InlineData("英国与法国移民者的比例是多少？", "英国移民以20比1的比例超过法国。", true)]
    [InlineData("公积金的缴纳比例是多少？", "公司在员工入职之日起一个月内为其缴纳住房公积金。", false)]
    [InlineData("油价提高了多少倍？", "油价翻了两番。", true)]
    public void ASentenceHoldsAValueInTheAskedUnit(string question, string sentence, bool holds) =>
        Assert.Equal(holds, AskedUnit.Of(question)!.Holds(sentence));

    [Fact]
    public async Task OfTwoSentencesWithTheQuestionsWordsTheOneInTheAskedUnitAnswers()
    {
        using var temp = new TempFolder();
        using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("default");
        // Both sentences hold a duration next to the question's words; only the second is in days.
        await TestDocuments.LoadAsync(kb,
            ("probation", "试用期", "合同期限一年以上不满三年的，一年内试用期为二个月。"),
            ("leave", "请假", "事假为无薪假，每年累计事假原则上不超过15天。"),
            ("meals", "福利", "公司每月发放餐补600元。"));

        // A knowledge base this small weighs few words, so the choice is checked with the found gate open.
        const string question = "事假一年最多能请几天？";
        IReadOnlyList<SearchResult> results = await kb.SearchAsync(question, ExtractiveAnswerer.Candidates, useDense: false);
        using TermStatisticsView statistics = kb.Index.AcquireStatistics();
        Answer answer = new ExtractiveAnswerer(TermAnalyzer.Shared, statistics.InverseDocumentFrequency, foundThreshold: 0).Answer(question, results);

        Assert.StartsWith("事假为无薪假，每年累计事假原则上不超过15天。", answer.Text);
    }
}
