using System.Text;
using Microsoft.Extensions.AI;
using Zhiku.Core.Answering;
using Zhiku.Core.Answering.Citations;
using Zhiku.Core.Answering.Clients;
using Zhiku.Core.Configuration;
using Zhiku.Core.Privacy;
using Zhiku.TestSupport;

namespace Zhiku.Core.Tests.Answering;

/// <summary>The whole LLM answer path over real HTTP against the scripted loopback server.</summary>
public sealed class LlmAnswererTests : IAsyncLifetime
{
    private const string Question = "试用期员工可以休年假吗？";

    private static readonly SourcePassage[] Sources =
    [
        new(1, "试用期员工不享受带薪年假。") { Title = "员工手册", Heading = "第三章 > 年假" },
        new(2, "转正后员工每年享有5天带薪年假，工作满十年后增加到10天。") { Title = "员工手册", Heading = "第三章 > 年假" },
    ];

    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAIServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    // Generous timeouts for tests that expect an answer (a loaded CI machine can take over a second for a first
    // request); the timeout tests use the short ones explicitly.
    private LlmProviderSettings Provider(double timeoutSeconds = 10, double totalSeconds = 30) => new("test", LlmProviderKind.OpenAI, "configured-model")
    {
        BaseUrl = _server.BaseUrl,
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        TotalTimeout = TimeSpan.FromSeconds(totalSeconds),
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxRetries = 2,
    };

    private LlmProviderSettings ShortTimeoutProvider() => Provider(timeoutSeconds: 1, totalSeconds: 4);

    private LlmAnswerer Answerer(IChatClient client, IOutboundFilter? filter = null, double idleSeconds = 10, double totalSeconds = 30) =>
        new(client, new LlmAnswerOptions
        {
            TotalTimeout = TimeSpan.FromSeconds(totalSeconds),
            IdleTimeout = TimeSpan.FromSeconds(idleSeconds),
            Model = "configured-model",
        }, filter);

    [Fact]
    public async Task Well_cited_answer_is_answered_grounded_and_the_prompt_holds_only_the_sources_and_question()
    {
        _server.Enqueue(FakeReply.Text("试用期员工不享受带薪年假[1]。转正后每年享有5天带薪年假[2]。", model: "served-model"));
        using IChatClient client = LlmClientFactory.CreateChatClient(Provider());

        LlmAnswer answer = await Answerer(client).AnswerAsync(Question, Sources);

        Assert.Equal(LlmAnswerStatus.Answered, answer.Status);
        Assert.Equal("served-model", answer.Model);
        Assert.Equal(1.0, answer.GroundedShare);
        Assert.Equal([[1], [2]], answer.Sentences.Select(s => s.Citations));
        Assert.Empty(answer.Flagged);
        Assert.Null(answer.Notice);

        RecordedRequest request = Assert.Single(_server.ChatRequests);
        IReadOnlyList<(string Role, string Text)> messages = request.Messages;
        Assert.Equal(["system", "user"], messages.Select(m => m.Role));
        Assert.Equal(answer.Sent.Select(s => s.Text), messages.Select(m => m.Text));
        string user = messages[1].Text;
        Assert.Equal(
            "资料：\n[1] 标题：员工手册 | 章节：第三章 > 年假\n试用期员工不享受带薪年假。\n\n[2] 标题：员工手册 | 章节：第三章 > 年假\n转正后员工每年享有5天带薪年假，工作满十年后增加到10天。\n\n问题：" + Question,
            user);
    }

    [Fact]
    public async Task Wrong_marker_is_dropped_and_reported()
    {
        _server.Enqueue(FakeReply.Text("试用期员工不享受带薪年假[3]。"));
        using IChatClient client = LlmClientFactory.CreateChatClient(Provider());

        LlmAnswer answer = await Answerer(client).AnswerAsync(Question, Sources);

        Assert.Equal([3], answer.DroppedCitations);
        Assert.DoesNotContain("[3]", answer.Text, StringComparison.Ordinal);
        Assert.False(Assert.Single(answer.Sentences).Supported);
        Assert.Equal(0, answer.GroundedShare);
        Assert.EndsWith(CitationCheckResult.UnsupportedMarkZh, answer.MarkedText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invented_number_is_flagged()
    {
        _server.Enqueue(FakeReply.Text("转正后每年享有7天带薪年假[2]。"));
        using IChatClient client = LlmClientFactory.CreateChatClient(Provider());

        LlmAnswer answer = await Answerer(client).AnswerAsync(Question, Sources);

        Assert.Equal("7", Assert.Single(answer.Flagged).Text);
    }

    [Fact]
    public async Task Streaming_delivers_text_as_it_comes_and_the_same_final_answer()
    {
        const string reply = "试用期员工不享受带薪年假[1]。";
        _server.Enqueue(FakeReply.Text(reply, chunkSize: 2));
        using IChatClient client = LlmClientFactory.CreateChatClient(Provider());
        var pieces = new List<string>();

        LlmAnswer answer = await Answerer(client).AnswerAsync(Question, Sources, pieces.Add);

        Assert.True(pieces.Count > 3, $"{pieces.Count} pieces");
        Assert.Equal(reply, string.Concat(pieces));
        Assert.DoesNotContain(pieces, p => p.Contains('[', StringComparison.Ordinal) && !p.Contains(']', StringComparison.Ordinal));
        Assert.Equal(reply, answer.Text);
        Assert.True(Assert.Single(_server.ChatRequests).IsStreaming);
    }

    [Fact]
    public async Task Filter_transforms_what_goes_out_and_what_comes_back()
    {
        // The "model" answers with the placeholder it was given; the user sees the original back.
        _server.Enqueue(FakeReply.Text("[姓名_1]不享受带薪年假[1]。", chunkSize: 2));
        using IChatClient client = LlmClientFactory.CreateChatClient(Provider());
        var filter = new NameFilter("试用期员工", "[姓名_1]");
        var streamed = new StringBuilder();

        LlmAnswer answer = await Answerer(client, filter).AnswerAsync(Question, Sources, text => streamed.Append(text));

        string sent = Assert.Single(_server.ChatRequests).MessageText;
        Assert.DoesNotContain("试用期员工", sent, StringComparison.Ordinal);
        Assert.Contains("[姓名_1]", sent, StringComparison.Ordinal);
        Assert.Equal("试用期员工不享受带薪年假[1]。", streamed.ToString());
        Assert.Equal("试用期员工不享受带薪年假[1]。", answer.Text);
        Assert.True(answer.Sentences[0].Supported);
    }

    [Fact]
    public async Task Rate_limit_then_success_answers()
    {
        _server.Enqueue(FakeReply.Status(429, retryAfterSeconds: 0), FakeReply.Text("试用期员工不享受带薪年假[1]。"));
        using IChatClient client = LlmClientFactory.CreateChatClient(Provider());

        LlmAnswer answer = await Answerer(client).AnswerAsync(Question, Sources);

        Assert.Equal(LlmAnswerStatus.Answered, answer.Status);
        Assert.Equal(2, _server.ChatRequests.Count);
    }

    [Fact]
    public async Task Persistent_rate_limit_fails_with_a_notice()
    {
        _server.Enqueue(FakeReply.Status(429, 0), FakeReply.Status(429, 0), FakeReply.Status(429, 0));
        using IChatClient client = LlmClientFactory.CreateChatClient(Provider());

        LlmAnswer answer = await Answerer(client).AnswerAsync(Question, Sources);

        Assert.Equal(LlmAnswerStatus.Failed, answer.Status);
        Assert.Equal(LlmFailureKind.RateLimited, answer.Failure);
        Assert.Contains("extractive", answer.Notice, StringComparison.Ordinal);
        Assert.Contains("抽取式", answer.Notice, StringComparison.Ordinal);
        Assert.Equal(3, _server.ChatRequests.Count);
    }

    [Fact]
    public async Task Server_that_never_answers_times_out_into_a_failure()
    {
        _server.Enqueue(Enumerable.Repeat(FakeReply.Delay(TimeSpan.FromMinutes(5)), 3).ToArray());
        using IChatClient client = LlmClientFactory.CreateChatClient(ShortTimeoutProvider());

        LlmAnswer answer = await Answerer(client, idleSeconds: 1, totalSeconds: 5).AnswerAsync(Question, Sources);

        Assert.Equal(LlmFailureKind.Timeout, answer.Failure);
        Assert.Contains("timed out", answer.Notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_that_goes_silent_times_out_into_a_failure()
    {
        _server.Enqueue(FakeReply.StallAfter("试用期"));
        using IChatClient client = LlmClientFactory.CreateChatClient(ShortTimeoutProvider());

        LlmAnswer answer = await Answerer(client, idleSeconds: 1, totalSeconds: 5).AnswerAsync(Question, Sources, _ => { });

        Assert.Equal(LlmFailureKind.Timeout, answer.Failure);
    }

    [Theory]
    [InlineData("{\"choices\": [ {\"message\": ")]
    [InlineData("<html>Bad gateway</html>")]
    public async Task Malformed_response_fails_with_a_notice(string body)
    {
        _server.Enqueue(FakeReply.Raw(body));
        using IChatClient client = LlmClientFactory.CreateChatClient(Provider());

        LlmAnswer answer = await Answerer(client).AnswerAsync(Question, Sources);

        Assert.Equal(LlmAnswerStatus.Failed, answer.Status);
        Assert.NotNull(answer.Notice);
        Assert.DoesNotContain('\n', answer.Notice!);
    }

    [Fact]
    public async Task Unreachable_endpoint_fails_with_a_notice()
    {
        LlmProviderSettings provider = Provider() with { BaseUrl = new Uri("http://127.0.0.1:1/v1"), MaxRetries = 0 };
        using IChatClient client = LlmClientFactory.CreateChatClient(provider);

        LlmAnswer answer = await Answerer(client).AnswerAsync(Question, Sources);

        Assert.Equal(LlmFailureKind.Unreachable, answer.Failure);
    }

    [Fact]
    public async Task Model_saying_not_found_gives_not_found()
    {
        _server.Enqueue(FakeReply.Text("知识库中没有找到相关内容。"));
        using IChatClient client = LlmClientFactory.CreateChatClient(Provider());

        LlmAnswer answer = await Answerer(client).AnswerAsync("公司股票代码是多少？", Sources);

        Assert.Equal(LlmAnswerStatus.NotFound, answer.Status);
        Assert.Equal("知识库中没有找到相关内容。", answer.Text);
    }

    [Fact]
    public async Task No_sources_means_not_found_without_calling_the_model()
    {
        using IChatClient client = LlmClientFactory.CreateChatClient(Provider());

        LlmAnswer answer = await Answerer(client).AnswerAsync("What is the stock code?", []);

        Assert.Equal(LlmAnswerStatus.NotFound, answer.Status);
        Assert.Equal("Not found in the knowledge base.", answer.Text);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Caller_cancellation_is_the_only_exception()
    {
        _server.Enqueue(FakeReply.Delay(TimeSpan.FromMinutes(5)));
        using IChatClient client = LlmClientFactory.CreateChatClient(Provider());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Answerer(client).AnswerAsync(Question, Sources, cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task Harness_responder_quotes_the_first_source()
    {
        _server.Responder = FakeOpenAIServer.QuoteFirstSource;
        using IChatClient client = LlmClientFactory.CreateChatClient(Provider());

        LlmAnswer answer = await Answerer(client).AnswerAsync(Question, Sources);

        Assert.Equal("试用期员工不享受带薪年假。[1]", answer.Text);
        Assert.Equal(1.0, answer.GroundedShare);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Local_only_sources_reach_only_a_local_model(bool local)
    {
        _server.Enqueue(FakeReply.Text("试用期员工不享受带薪年假[1]。"));
        using IChatClient client = LlmClientFactory.CreateChatClient(Provider());
        SourcePassage[] sources = [Sources[0], new(2, "CANARY-LOCAL-ONLY 薪酬明细。") { LocalOnly = true }];
        var answerer = new LlmAnswerer(client, new LlmAnswerOptions { ModelIsLocal = local });

        LlmAnswer answer = await answerer.AnswerAsync(Question, sources);

        Assert.Equal(local, Assert.Single(_server.ChatRequests).MessageText.Contains("CANARY-LOCAL-ONLY", StringComparison.Ordinal));
        Assert.Equal(local ? 2 : 1, answer.Sources.Count);
    }

    private sealed class NameFilter(string original, string placeholder) : IOutboundFilter
    {
        public string ToModel(string text) => text.Replace(original, placeholder, StringComparison.Ordinal);

        public string FromModel(string text) => text.Replace(placeholder, original, StringComparison.Ordinal);
    }
}
