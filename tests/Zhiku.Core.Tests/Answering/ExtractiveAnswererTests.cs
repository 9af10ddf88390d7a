using Zhiku.Core.Answering;

namespace Zhiku.Core.Tests.Answering;

public sealed class ExtractiveAnswererTests
{
    [Fact]
    public async Task ADurationQuestionIsAnsweredWithTheSentenceHoldingTheDuration()
    {
        using var temp = new TempFolder();
        using KnowledgeBase kb = ZhikuStore.Open(temp.Path).OpenKnowledgeBase("default");
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
        using KnowledgeBase kb = ZhikuStore.Open(temp.Path).OpenKnowledgeBase("default");
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
        using KnowledgeBase kb = ZhikuStore.Open(temp.Path).OpenKnowledgeBase("default");
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
        using KnowledgeBase kb = ZhikuStore.Open(temp.Path).OpenKnowledgeBase("default");
        await TestDocuments.LoadAsync(kb, TestDocuments.Handbook);

        Assert.False((await kb.AskAsync("公司的股票期权怎么行权？")).Found);
        Assert.False((await kb.AskAsync("How do I book a meeting room?")).Found);
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
