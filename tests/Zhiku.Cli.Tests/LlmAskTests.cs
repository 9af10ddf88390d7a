using System.Text.Json;
using Zhiku.TestSupport;

namespace Zhiku.Cli.Tests;

/// <summary>`ask` with a model configured by the ZHIKU_LLM_* variables, against a loopback OpenAI-compatible server.</summary>
public sealed class LlmAskTests : IAsyncLifetime
{
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAIServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private CliRunner Cli()
    {
        var cli = new CliRunner();
        cli.Environment["ZHIKU_LLM_BASE_URL"] = _server.BaseUrl.ToString();
        cli.Environment["ZHIKU_LLM_MODEL"] = "test-model";
        cli.Environment["ZHIKU_LLM_API_KEY"] = "sk-test-secret-value";
        CliResult ingest = cli.Run("ingest", CliRunner.Samples);
        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        return cli;
    }

    [Fact]
    public void AskJsonReportsTheModelAnswerWithCheckedSentences()
    {
        using CliRunner cli = Cli();
        _server.Enqueue(FakeReply.Text("试用期员工不享受带薪年假[1]。转正后另有36天额外假期[1]。", model: "test-model"));

        JsonElement json = cli.Run("ask", "试用期员工可以休年假吗？", "--json").Json();

        Assert.Equal("llm", json.GetProperty("mode").GetString());
        Assert.Equal("test-model", json.GetProperty("model").GetString());
        Assert.True(json.GetProperty("found").GetBoolean());
        JsonElement sentences = json.GetProperty("sentences");
        Assert.Equal(2, sentences.GetArrayLength());
        Assert.True(sentences[0].GetProperty("supported").GetBoolean());
        Assert.Contains(json.GetProperty("flagged").EnumerateArray(), f => f.GetProperty("text").GetString()!.Contains("36", StringComparison.Ordinal));
        double grounded = json.GetProperty("grounded_share").GetDouble();
        Assert.InRange(grounded, 0.01, 0.99);
        Assert.Equal(1, json.GetProperty("citations")[0].GetProperty("n").GetInt32());
        string prompt = _server.ChatRequests[^1].MessageText;
        Assert.Contains("[1]", prompt);
        Assert.Contains("试用期", prompt);
    }

    [Fact]
    public void StreamsTextAndMarksUnsupportedSentences()
    {
        using CliRunner cli = Cli();
        _server.Enqueue(FakeReply.Text("试用期员工不享受带薪年假[1]。公司还提供免费午餐和健身房[1]。"));

        CliResult result = cli.Run("ask", "试用期员工可以休年假吗？");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("试用期员工不享受带薪年假", result.Stdout);
        Assert.Contains("未在资料中找到依据", result.Stdout);
        Assert.Contains("免费午餐", result.Stdout);
    }

    [Fact]
    public void AModelFailureFallsBackToTheExtractiveAnswerWithANotice()
    {
        using CliRunner cli = Cli();
        cli.Environment["ZHIKU_LLM_TIMEOUT_SECONDS"] = "2";
        for (int i = 0; i < 6; i++)
        {
            _server.Enqueue(FakeReply.Status(500));
        }

        CliResult result = cli.Run("ask", "试用期员工可以休年假吗？", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        JsonElement json = result.Json();
        Assert.Equal("extractive", json.GetProperty("mode").GetString());
        Assert.True(json.GetProperty("found").GetBoolean());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("notice").GetString()));
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void NotFoundQuestionsNeverReachTheModel()
    {
        using CliRunner cli = Cli();
        JsonElement json = cli.Run("ask", "火星的大气层主要由什么气体组成？", "--json").Json();
        Assert.False(json.GetProperty("found").GetBoolean());
        Assert.Empty(_server.ChatRequests);
    }

    [Fact]
    public void ConfigShowHidesTheKeyAndAuditListsTheRequest()
    {
        using CliRunner cli = Cli();
        _server.Enqueue(FakeReply.Text("试用期员工不享受带薪年假[1]。"));
        Assert.Equal(0, cli.Run("ask", "试用期员工可以休年假吗？").ExitCode);

        CliResult config = cli.Run("config", "show");
        Assert.Equal(0, config.ExitCode);
        Assert.Contains("test-model", config.Stdout);
        Assert.DoesNotContain("sk-test-secret-value", config.Stdout);

        JsonElement audit = cli.Run("audit", "list", "--json").Json();
        JsonElement record = audit.GetProperty("records")[0];
        Assert.Equal("test-model", record.GetProperty("model").GetString());
        Assert.False(record.GetProperty("local").GetBoolean());
        long id = record.GetProperty("id").GetInt64();
        JsonElement shown = cli.Run("audit", "show", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json").Json();
        Assert.Contains("试用期", shown.GetProperty("sent")[shown.GetProperty("sent").GetArrayLength() - 1].GetProperty("text").GetString());
    }
}
