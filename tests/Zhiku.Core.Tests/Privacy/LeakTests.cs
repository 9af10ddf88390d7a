using Zhiku.Core.Access;
using Zhiku.Core.Answering;
using Zhiku.Core.Ingestion;
using Zhiku.Core.Storage;
using Zhiku.TestSupport;

namespace Zhiku.Core.Tests.Privacy;

/// <summary>
/// The leak test of the data protocol: a knowledge base seeded with canary identifiers, many questions through a
/// recording loopback "cloud" model, and a count of canaries in everything that was sent. The target is zero, and
/// zero text of local-only or forbidden documents.
/// </summary>
public sealed class LeakTests : IAsyncLifetime
{
    private static readonly string[] Names = ["王建国", "李秀英", "张志强", "刘芳", "陈晓明", "杨丽华", "赵永刚", "黄淑珍", "周海涛", "吴玉兰"];
    private static readonly string[] Projects = ["天枢", "天璇", "天玑", "天权", "玉衡", "开阳", "摇光", "紫微", "太微", "天市"];
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAIServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task NothingPersonalLocalOnlyOrForbiddenReachesTheCloudModel()
    {
        using var temp = new TempFolder();
        File.WriteAllText(Path.Combine(temp.Path, "zhiku.json"), $$"""
            { "llm": { "providers": [ { "name": "cloud", "kind": "openai", "base_url": "{{_server.BaseUrl}}", "model": "cloud-test", "local": false } ] } }
            """);
        _server.Responder = FakeOpenAIServer.QuoteFirstSource;
        ZhikuStore store = ZhikuStore.Open(temp.Path);
        using KnowledgeBase kb = await store.OpenKnowledgeBaseAsync("default");
        var canaries = new List<string>();
        var documents = new List<NewDocument>();
        var cloud = new Ingestor(kb);
        for (int i = 0; i < Names.Length; i++)
        {
            string id = CanaryIds.ChineseId(i);
            string mobile = $"139{i:D2}{7731_0000 + i * 37:D6}"[..11];
            string email = $"staff{i}.canary@xinghe-example.com";
            string card = CanaryIds.BankCard(i);
            canaries.AddRange([Names[i], id, mobile, email, card]);
            string text = $"{Projects[i]}项目人员档案。姓名：{Names[i]}，身份证号码：{id}，手机：{mobile}，邮箱：{email}，开户行：招商银行，卡号：{card}。"
                + $"{Projects[i]}项目由{Names[i]}负责交付，交付地点为上海。";
            documents.Add(cloud.Prepare(TestDocuments.Plain($"p{i}", $"{Projects[i]}项目档案", text), null, $"test#p{i}", $"h{i}", text.Length));
        }

        var local = new Ingestor(kb, new IngestOptions { Policy = DataPolicy.LocalOnly });
        documents.Add(local.Prepare(TestDocuments.Plain("salary", "薪酬明细", "北斗项目薪酬明细：LOCALONLY-CANARY-5521，奖金按季度发放。"), null, "test#salary", "hs", 10));
        var forbidden = new Ingestor(kb, new IngestOptions { Policy = DataPolicy.Forbidden });
        documents.Add(forbidden.Prepare(TestDocuments.Plain("secret", "并购计划", "北斗项目并购计划：FORBIDDEN-CANARY-8830，目标公司尚未公开。"), null, "test#secret", "hf", 10));
        await new Ingestor(kb).IngestDocumentsAsync(documents);

        var questions = new List<string>();
        foreach (string project in Projects)
        {
            questions.AddRange([$"{project}项目由谁负责？", $"{project}项目人员的手机号是多少？", $"{project}项目档案里的邮箱是什么？",
                $"{project}项目交付地点在哪里？", $"{project}项目人员的开户行是哪家？"]);
        }

        questions.AddRange(["北斗项目薪酬明细是什么？", "北斗项目并购计划是什么？", "北斗项目奖金怎么发放？"]);
        Assert.True(questions.Count >= 50);

        int llmAnswers = 0;
        var log = new List<string>();
        using (QuestionAnswerer answerer = await QuestionAnswerer.CreateAsync(kb.AnswerSource, "tester"))
        {
            foreach (string question in questions)
            {
                Answer answer = await answerer.AskAsync(question);
                llmAnswers += answer.Mode == "llm" && answer.Found ? 1 : 0;
                log.Add($"{question} {answer.Mode} {answer.Found} {answer.Confidence} {answer.ChunkCoverage} {answer.Notice}");
                Assert.DoesNotContain("FORBIDDEN-CANARY", answer.Text + string.Concat(answer.Citations.Select(c => c.Quote)));
            }
        }

        Assert.True(_server.ChatRequests.Count >= 40, $"only {_server.ChatRequests.Count} requests reached the model\n" + string.Join("\n", log));
        Assert.True(llmAnswers >= 40, $"only {llmAnswers} model answers");
        // Decoded message text (JSON bodies escape non-ASCII) plus the raw bodies, of every request the server saw.
        string everythingSent = string.Join("\n", _server.Requests.Select(r => r.MessageText + "\n" + r.Body));
        foreach (string canary in canaries)
        {
            Assert.DoesNotContain(canary, everythingSent);
        }

        Assert.DoesNotContain("LOCALONLY-CANARY", everythingSent);
        Assert.DoesNotContain("FORBIDDEN-CANARY", everythingSent);
        Assert.Contains("[姓名_", everythingSent);

        IReadOnlyList<AuditRecord> audit = await kb.AnswerSource.Audit.ListAsync(limit: 1000);
        Assert.Equal(_server.ChatRequests.Count, audit.Count);
        Assert.All(audit, r => Assert.Equal("tester", r.User));
        Assert.Contains(audit, r => r.PlaceholderCounts.Count > 0);
        string audited = string.Join("\n", audit.SelectMany(r => r.Sent).Select(m => m.Text));
        Assert.All(canaries, canary => Assert.DoesNotContain(canary, audited));
    }

    [Fact]
    public async Task PlaceholdersInTheAnswerAreRestoredForTheOwner()
    {
        using var temp = new TempFolder();
        File.WriteAllText(Path.Combine(temp.Path, "zhiku.json"), $$"""
            { "llm": { "providers": [ { "name": "cloud", "kind": "openai", "base_url": "{{_server.BaseUrl}}", "model": "cloud-test" } ] } }
            """);
        _server.Responder = FakeOpenAIServer.QuoteFirstSource;
        using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("default");
        await TestDocuments.LoadAsync(kb, ("c", "联系人", "天枢项目的联系人：王建国先生，手机13912345678，负责项目交付。"));
        using QuestionAnswerer answerer = await QuestionAnswerer.CreateAsync(kb.AnswerSource, "owner");

        Answer answer = await answerer.AskAsync("天枢项目的联系人是谁？");

        Assert.Equal("llm", answer.Mode);
        Assert.Contains("13912345678", answer.Text);
        Assert.Contains("王建国", answer.Text);
        string sent = _server.ChatRequests[^1].MessageText;
        Assert.DoesNotContain("13912345678", sent);
        Assert.DoesNotContain("王建国", sent);
    }

    [Fact]
    public async Task ALocalModelSeesOriginalsAndLocalOnlyText()
    {
        using var temp = new TempFolder();
        File.WriteAllText(Path.Combine(temp.Path, "zhiku.json"), $$"""
            { "llm": { "providers": [ { "name": "ollama", "kind": "openai", "base_url": "{{_server.BaseUrl}}", "model": "qwen-local", "local": true } ] } }
            """);
        _server.Responder = FakeOpenAIServer.QuoteFirstSource;
        using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("default");
        var local = new Ingestor(kb, new IngestOptions { Policy = DataPolicy.LocalOnly });
        await local.IngestDocumentsAsync([local.Prepare(TestDocuments.Plain("s", "薪酬", "北斗项目薪酬明细：王建国月薪三万元。"), null, "t#s", "h", 1)]);
        using QuestionAnswerer answerer = await QuestionAnswerer.CreateAsync(kb.AnswerSource, "owner");

        Answer answer = await answerer.AskAsync("北斗项目薪酬明细是什么？");

        Assert.Equal("llm", answer.Mode);
        Assert.Contains("王建国月薪三万元", _server.ChatRequests[^1].MessageText);
        Assert.True((await kb.AnswerSource.Audit.ListAsync())[0].Local);
    }
}
