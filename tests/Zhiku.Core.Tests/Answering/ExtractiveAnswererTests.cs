using Zhiku.Core.Answering;

namespace Zhiku.Core.Tests.Answering;

public sealed class ExtractiveAnswererTests
{
    [Fact]
    public async Task ADurationQuestionIsAnsweredWithTheSentenceHoldingTheDuration()
    {
        using var temp = new TempFolder();
        using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("default");
        // The first sentence repeats every key term of the question but holds no duration; the answer is in the next.
        await TestDocuments.LoadAsync(kb, ("limit", "报销规定", "报销时限的规定适用于全体员工的报销。费用报销须在费用发生后60天内提交。"));

        Answer answer = await kb.AskAsync("报销的时限是多久？");

        Assert.True(answer.Found);
        Assert.Contains("60天内提交", answer.Text);
    }

    [Fact]
    public async Task NearIdenticalSentencesFromTwoDocumentsAreOneSentenceCitingBoth()
    {
        using var temp = new TempFolder();
        using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("default");
        await TestDocuments.LoadAsync(kb,
            ("travel-2024", "差旅规定", "出差住宿标准为每晚不超过五百元。"),
            ("travel-2025", "差旅规定（修订版）", "出差住宿标准：每晚不超过五百元。"));

        Answer answer = await kb.AskAsync("出差住宿标准是多少？");

        Assert.True(answer.Found);
        Assert.Single(answer.Sentences);
        Assert.Equal([1, 2], answer.Sentences[0].Citations);
        Assert.Equal(2, answer.Citations.Select(c => c.DocId).Distinct().Count());
        Assert.EndsWith("[1][2]", answer.Text);
    }

    [Fact]
    public async Task ALongTraditionalChineseLegalArticleIsFoundAndQuoted()
    {
        using var temp = new TempFolder();
        using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("default");
        await TestDocuments.LoadAsync(kb,
            ("art24", "勞動基準法 第二十四條", "雇主延長勞工工作時間者，其延長工作時間之工資，依下列標準加給，延長工作時間在二小時以內者，"
                + "按平日每小時工資額加給三分之一以上，再延長工作時間在二小時以內者，按平日每小時工資額加給三分之二以上。"),
            ("art30", "勞動基準法 第三十條", "勞工正常工作時間，每日不得超過八小時，每週不得超過四十小時。"),
            ("art38", "勞動基準法 第三十八條", "勞工在同一雇主或事業單位，繼續工作滿一定期間者，應依規定給予特別休假。"));

        Answer answer = await kb.AskAsync("延長工作時間的工資要怎麼加給？");

        Assert.True(answer.Found, $"confidence {answer.Confidence}");
        Assert.Equal("art24", answer.Citations[0].ExternalId);
        Assert.Contains("三分之一", answer.Citations[0].Quote);
    }

    [Fact]
    public async Task AQuestionTheDocumentsDoNotCoverIsNotFound()
    {
        using var temp = new TempFolder();
        using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("default");
        await TestDocuments.LoadAsync(kb, TestDocuments.Handbook);

        Assert.False((await kb.AskAsync("公司的股票期权怎么行权？")).Found);
        Assert.False((await kb.AskAsync("How do I book a meeting room?")).Found);
    }

    [Fact]
    public async Task AQuestionNamingSomethingTheDocumentsNeverMentionIsNotFound()
    {
        using var temp = new TempFolder();
        using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("default");
        await TestDocuments.LoadAsync(kb,
            ("install", "安装说明", "网关支持35 mm DIN导轨安装和壁挂安装。安装位置应远离变频器等强电磁干扰源。"),
            ("network", "网络连接", "网关通过有线网络或4G上传数据到云平台。"),
            ("warranty", "保修", "网关整机保修3年，电源适配器保修1年。"));

        // 网关支持 is covered word for word; LoRa, what the question is about, occurs nowhere.
        Assert.False((await kb.AskAsync("网关支持LoRa吗？")).Found);
        Assert.True((await kb.AskAsync("网关支持壁挂安装吗？")).Found);
    }

    [Fact]
    public async Task AChineseQuestionNamingItsUnitIsFoundByTheValueInThatUnitAndNotByTheTopicAlone()
    {
        static async Task<Answer> Ask(string contractText, string question)
        {
            using var temp = new TempFolder();
            using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("default");
            await TestDocuments.LoadAsync(kb,
                ("contract", "劳动合同", contractText),
                ("leave", "事假", "事假须提前1个工作日申请，紧急情况可事后补办。每年累计事假原则上不超过15天。"),
                ("meals", "福利", "公司为员工提供年度体检和节日慰问品，并每月发放餐补600元。"),
                ("hours", "考勤", "公司实行标准工时制，工作时间为周一至周五9:00—18:00。"));
            return await kb.AskAsync(question);
        }

        const string contract = "公司在员工入职之日起一个月内与其签订书面劳动合同，并为其缴纳社会保险和住房公积金。";

        // The question says 一年 and 最多 where the text says 每年 and 不超过; the value in days next to 事假 answers it.
        Answer days = await Ask(contract, "事假一年最多能请几天？");
        Assert.True(days.Found, $"confidence {days.Confidence}");
        Assert.StartsWith("每年累计事假原则上不超过15天。", days.Text);

        // 公积金 and 缴纳 are there in both; only the second gives a percentage, so only it answers 缴纳比例.
        Answer without = await Ask(contract, "公积金的缴纳比例是多少？");
        Answer with = await Ask(contract.Replace("缴纳社会保险和住房公积金", "按工资的12%缴纳住房公积金", StringComparison.Ordinal), "公积金的缴纳比例是多少？");
        Assert.True(with.Found, $"confidence {with.Confidence}");
        Assert.Contains("12%", with.Text);
        Assert.True(without.Confidence < FoundGate.UnitMissingFactor * with.Confidence + 0.02,
            $"confidence without a percentage {without.Confidence}, with one {with.Confidence}");
    }

    [Theory]
    [InlineData("年会几点开始？", "几点")]
    [InlineData("宽温版网关卖多少钱？", "多少钱")]
    [InlineData("年假最晚什么时候休完？", "什么时候")]
    [InlineData("新员工去哪里领电脑？", "哪里")]
    [InlineData("婚假能休多少天？", "多少天")]
    public void ThePhraseAskingForTheValueIsNotAKeyTerm(string question, string phrase)
    {
        string key = AskedValue.WithoutAskedPhrase(question);

        Assert.DoesNotContain(phrase, key);
        Assert.Equal(question.Length - phrase.Length + 1, key.Length);
    }

    [Fact]
    public async Task AParaphrasedTimeQuestionIsAnsweredFromTheSentenceWithTheTime()
    {
        using var temp = new TempFolder();
        using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("default");
        await TestDocuments.LoadAsync(kb,
            ("notice", "春节放假安排", "放假前最后一个工作日下午3点起，各部门可自行组织年终总结。公司年会定于1月17日晚6点在国际会议中心举行。"),
            ("hours", "考勤", "公司实行标准工时制，工作时间为周一至周五9:00—18:00。"),
            ("meals", "福利", "公司每月发放餐补600元。"));

        Answer answer = await kb.AskAsync("年会几点开始？");

        Assert.True(answer.Found, $"confidence {answer.Confidence}");
        Assert.Contains("晚6点", answer.Text);
    }

    [Fact]
    public async Task AWordTheTextSaysWithTheSameCharactersCountsInPart()
    {
        // The same handbook twice, once saying 快闪 as 快速闪烁 (the characters of the question's word) and once as 异常.
        static async Task<double> ConfidenceWith(string saying)
        {
            using var temp = new TempFolder();
            using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("default");
            await TestDocuments.LoadAsync(kb,
                ("lights", "指示灯说明", $"RUN指示灯{saying}：表示系统未正常启动，请长按RESET键10秒恢复出厂设置。"),
                ("power", "电源", "电源指示灯不亮：检查供电电压是否在范围内。"),
                ("install", "安装", "网关支持35 mm DIN导轨安装和壁挂安装。"));
            return (await kb.AskAsync("网关的RUN灯一直快闪怎么处理？")).Confidence;
        }

        double sameCharacters = await ConfidenceWith("快速闪烁"), otherWords = await ConfidenceWith("异常");

        Assert.True(sameCharacters > otherWords + 0.02, $"快速闪烁 {sameCharacters}, 异常 {otherWords}");
    }

    [Theory]
    [InlineData("报销的时限是多久？", AskedKind.Duration)]
    [InlineData("每个月几号发工资？", AskedKind.Date)]
    [InlineData("年会在哪里举行？", AskedKind.Place)]
    [InlineData("谁负责审批？", AskedKind.Person)]
    [InlineData("出差住宿标准是多少？", AskedKind.Number)]
    [InlineData("How long is the warranty?", AskedKind.Duration)]
    [InlineData("When is the next meeting?", AskedKind.Date)]
    [InlineData("試用期員工可以休年假嗎？", AskedKind.None)]
    public void TheKindOfValueAQuestionAsksForIsRecognized(string question, AskedKind kind) =>
        Assert.Equal(kind, AskedValue.Of(question));

    [Theory]
    [InlineData("费用报销须在费用发生后60天内提交。", AskedKind.Duration, true)]
    [InlineData("本手册自2025年起施行。", AskedKind.Duration, false)]
    [InlineData("公司实行月薪制，每月10日发放上月工资。", AskedKind.Date, true)]
    [InlineData("员工应遵守公司规章制度。", AskedKind.Number, false)]
    [InlineData("Submit the claim within 60 days after the trip ends.", AskedKind.Duration, true)]
    public void ASentenceHoldsAValueOfTheAskedKind(string sentence, AskedKind kind, bool holds) =>
        Assert.Equal(holds, AskedValue.Holds(sentence, kind));
}
