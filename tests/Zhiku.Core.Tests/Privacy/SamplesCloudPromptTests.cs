using Zhiku.Core.Answering;
using Zhiku.Core.Ingestion;
using Zhiku.Core.Storage;
using Zhiku.Core.Tests.Documents;
using Zhiku.TestSupport;

namespace Zhiku.Core.Tests.Privacy;

/// <summary>
/// The bundled samples/ through a recording cloud model: the product question reaches the model with the
/// product's name and its temperature range intact (no placeholder inside 宽温版), and nothing that identifies a
/// person of the staff roster reaches the model or the answer.
/// </summary>
public sealed class SamplesCloudPromptTests : IAsyncLifetime
{
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAIServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task TheWideTemperatureQuestionKeepsItsWordsAndLeaksNoRosterIdentifier()
    {
        using var temp = new TempFolder();
        File.WriteAllText(Path.Combine(temp.Path, "zhiku.json"), $$"""
            { "llm": { "providers": [ { "name": "cloud", "kind": "openai", "base_url": "{{_server.BaseUrl}}", "model": "cloud-test", "local": false } ] } }
            """);
        _server.Responder = FakeOpenAIServer.QuoteFirstSource;
        using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("default");
        string samples = SampleCorpusTests.SamplesFolder();
        await new Ingestor(kb).IngestAsync([samples]);

        Answer answer;
        using (QuestionAnswerer answerer = await QuestionAnswerer.CreateAsync(kb.AnswerSource, "tester"))
        {
            answer = await answerer.AskAsync("ZK-2024-001P 宽温版的工作温度范围是多少？");
        }

        RecordedRequest request = Assert.Single(_server.ChatRequests);
        string prompt = request.MessageText;
        Assert.Contains("ZK-2024-001P 宽温版的工作温度范围是多少？", prompt);
        Assert.Contains("宽温版", prompt);
        Assert.Contains("-40 ℃ 至 +75 ℃", prompt);
        Assert.DoesNotContain("宽[", prompt);

        string sent = string.Join("\n", _server.Requests.Select(r => r.MessageText + "\n" + r.Body));
        string shown = answer.Text + "\n" + string.Concat(answer.Citations.Select(c => c.Quote));
        foreach (string identifier in RosterIdentifiers(Path.Combine(samples, "员工花名册.csv")))
        {
            Assert.DoesNotContain(identifier, sent);
            Assert.DoesNotContain(identifier, shown);
        }
    }

    // Name, ID number, mobile, e-mail and bank card of every row of the roster.
    private static List<string> RosterIdentifiers(string path)
    {
        string[] lines = File.ReadAllLines(path);
        string[] header = lines[0].TrimStart('\uFEFF').Split(',');
        int[] columns = [.. new[] { "姓名", "身份证号", "手机号", "邮箱", "银行卡号" }.Select(name => Array.IndexOf(header, name))];
        Assert.DoesNotContain(-1, columns);
        var identifiers = new List<string>();
        foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
        {
            // The identifying columns come before the only quoted one (备注), so a plain split reads them.
            string[] cells = line.Split(',');
            identifiers.AddRange(columns.Where(c => c < cells.Length).Select(c => cells[c]).Where(v => v.Length >= 2));
        }

        Assert.True(identifiers.Count >= 25, $"only {identifiers.Count} identifiers read from the roster");
        return identifiers;
    }
}
