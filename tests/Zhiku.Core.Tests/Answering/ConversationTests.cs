using Zhiku.Core.Answering;
using Zhiku.Core.Answering.Citations;
using Zhiku.Core.Ingestion;
using Zhiku.TestSupport;

namespace Zhiku.Core.Tests.Answering;

/// <summary>One composition of follow-up answering: a follow-up is rewritten from the earlier questions (by the model
/// when there is one) before retrieval, a first question is taken as typed, and Reset forgets the history.</summary>
public sealed class ConversationTests : IAsyncLifetime
{
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAIServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<KnowledgeBase> SeedAsync(TempFolder temp)
    {
        KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("default");
        string text = "正式员工每年享有十天年假。试用期员工不享有年假，转正后开始计算。差旅费用应在出差结束后三十天内报销。";
        await new Ingestor(kb).IngestDocumentsAsync([new Ingestor(kb).Prepare(TestDocuments.Plain("hb", "员工手册", text), null, "test#hb", "h1", text.Length)]);
        return kb;
    }

    [Fact]
    public async Task Without_a_model_a_follow_up_carries_the_previous_questions_terms_and_reset_forgets_them()
    {
        using var temp = new TempFolder();
        using KnowledgeBase kb = await SeedAsync(temp);
        using QuestionAnswerer answerer = await QuestionAnswerer.CreateAsync(kb.AnswerSource, "tester");
        var conversation = new Conversation(answerer);
        var rewritten = new List<string>();

        ConversationTurn first = await conversation.AskAsync("正式员工每年有几天年假？", onRewritten: rewritten.Add);
        ConversationTurn followUp = await conversation.AskAsync("那试用期呢？", onRewritten: rewritten.Add);

        Assert.Equal("正式员工每年有几天年假？", first.Standalone);
        Assert.NotEqual("那试用期呢？", followUp.Standalone);
        Assert.Contains("年假", followUp.Standalone, StringComparison.Ordinal);
        Assert.Equal([followUp.Standalone], rewritten);
        Assert.Equal(["正式员工每年有几天年假？", "那试用期呢？"], conversation.Questions);

        conversation.Reset();
        ConversationTurn fresh = await conversation.AskAsync("那试用期呢？");
        Assert.Equal("那试用期呢？", fresh.Standalone);
    }

    [Fact]
    public async Task With_a_model_the_follow_up_is_rewritten_by_it_and_the_rewrite_is_what_is_answered()
    {
        using var temp = new TempFolder();
        File.WriteAllText(Path.Combine(temp.Path, "zhiku.json"), $$"""
            { "llm": { "providers": [ { "name": "cloud", "kind": "openai", "base_url": "{{_server.BaseUrl}}", "model": "cloud-test", "local": false } ] } }
            """);
        using KnowledgeBase kb = await SeedAsync(temp);
        _server.Responder = request => request.MessageText.Contains("最新问题", StringComparison.Ordinal)
            ? FakeReply.Text("试用期员工可以休年假吗？")
            : FakeOpenAIServer.QuoteFirstSource(request);
        using QuestionAnswerer answerer = await QuestionAnswerer.CreateAsync(kb.AnswerSource, "tester");
        var conversation = new Conversation(answerer, ["正式员工每年有几天年假？"]);

        ConversationTurn turn = await conversation.AskAsync("那试用期呢？");

        Assert.Equal("试用期员工可以休年假吗？", turn.Standalone);
        RecordedRequest rewrite = Assert.Single(_server.ChatRequests, r => r.MessageText.Contains("最新问题", StringComparison.Ordinal));
        Assert.Contains("那试用期呢？", rewrite.MessageText, StringComparison.Ordinal);
        Assert.Contains("正式员工每年有几天年假？", rewrite.MessageText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("员工手册", "员工手册 > 休假", 3, " › 休假 (p.3)")]
    [InlineData("员工手册", "员工手册", null, "")]
    [InlineData("销售表", "Sheet1!A12:F12", null, " › Sheet1!A12:F12")]
    [InlineData("产品介绍", "", 7, " (p.7)")]
    public void A_citation_location_drops_the_title_heading_and_adds_the_page(string title, string heading, int? page, string expected) =>
        Assert.Equal(expected, CitationLocation.Format(title, heading, page));
}
