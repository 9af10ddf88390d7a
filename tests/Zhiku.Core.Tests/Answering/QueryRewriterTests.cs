using Microsoft.Extensions.AI;
using Zhiku.Core.Answering;
using Zhiku.Core.Answering.Clients;
using Zhiku.Core.Configuration;
using Zhiku.Core.Answering.Rewriting;
using Zhiku.Core.Privacy;
using Zhiku.TestSupport;

namespace Zhiku.Core.Tests.Answering;

public sealed class QueryRewriterTests : IAsyncLifetime
{
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAIServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private IChatClient Client() => LlmClientFactory.CreateChatClient(new LlmProviderSettings("t", LlmProviderKind.OpenAI, "m")
    {
        BaseUrl = _server.BaseUrl,
        Timeout = TimeSpan.FromSeconds(2),
        TotalTimeout = TimeSpan.FromSeconds(4),
        MaxRetries = 0,
    });

    [Theory]
    [InlineData("年假怎么申请？", "那试用期呢？", "试用期 年假 申请")]
    [InlineData("试用期员工可以休年假吗？", "那病假呢？", "病假 试用期员工 休年假")]
    [InlineData("How do I apply for annual leave?", "What about interns?", "interns apply annual leave")]
    public void Follow_ups_carry_the_previous_key_terms(string previous, string followUp, string expected)
    {
        Assert.Equal(expected, KeyTermCarrier.Rewrite(previous, followUp));
    }

    [Theory]
    [InlineData("年假怎么申请？", "差旅报销的住宿标准是多少？")]
    [InlineData("How do I apply for annual leave?", "Which hotels can employees book on business trips?")]
    public void Self_contained_questions_pass_unchanged(string previous, string question)
    {
        Assert.Equal(question, KeyTermCarrier.Rewrite(previous, question));
    }

    [Fact]
    public async Task Model_rewrites_the_follow_up_through_the_filter()
    {
        _server.Enqueue(FakeReply.Text("改写后的问题：试用期员工可以申请年假吗？"));
        using IChatClient client = Client();
        var rewriter = new QueryRewriter(client, new TaggingFilter());

        string rewritten = await rewriter.RewriteAsync(["年假怎么申请？"], "那试用期呢？");

        Assert.Equal("试用期员工可以申请年假吗？", rewritten);
        string sent = Assert.Single(_server.ChatRequests).MessageText;
        Assert.Contains("<out>", sent, StringComparison.Ordinal);
        Assert.Contains("年假怎么申请？", sent, StringComparison.Ordinal);
        Assert.Contains("那试用期呢？", sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_failure_falls_back_to_key_terms()
    {
        _server.Enqueue(FakeReply.Status(500));
        using IChatClient client = Client();

        string rewritten = await new QueryRewriter(client).RewriteAsync(["年假怎么申请？"], "那试用期呢？");

        Assert.Equal("试用期 年假 申请", rewritten);
    }

    [Fact]
    public async Task First_question_is_not_sent_to_the_model()
    {
        using IChatClient client = Client();

        Assert.Equal("年假怎么申请？", await new QueryRewriter(client).RewriteAsync([], " 年假怎么申请？ "));
        Assert.Empty(_server.Requests);
    }

    private sealed class TaggingFilter : IOutboundFilter
    {
        public string ToModel(string text) => "<out>" + text;

        public string FromModel(string text) => text;
    }
}
