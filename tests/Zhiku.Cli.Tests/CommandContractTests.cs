using System.Text.Json;

namespace Zhiku.Cli.Tests;

/// <summary>JSON shapes, exit codes and error messages that users and scripts rely on.</summary>
public sealed class CommandContractTests : IClassFixture<IngestedSamples>
{
    private readonly IngestedSamples _samples;

    public CommandContractTests(IngestedSamples samples)
    {
        this._samples = samples;
    }

    [Fact]
    public void SearchJsonHasTheContractFields()
    {
        JsonElement json = _samples.Cli.Run("search", "报销", "--top", "3", "--json").Json();
        JsonElement results = json.GetProperty("results");
        Assert.InRange(results.GetArrayLength(), 1, 3);
        foreach (string field in new[] { "doc_id", "external_id", "chunk_id", "title", "source", "heading", "page", "score", "text" })
        {
            Assert.True(results[0].TryGetProperty(field, out _), $"search result lacks {field}");
        }

        Assert.Contains("报销", results[0].GetProperty("text").GetString());
    }

    [Fact]
    public void AskNotFoundSaysSoAndListsClosestDocuments()
    {
        JsonElement json = _samples.Cli.Run("ask", "火星的大气层主要由什么气体组成？", "--json").Json();
        Assert.False(json.GetProperty("found").GetBoolean());
        Assert.Equal("知识库中没有找到相关内容。", json.GetProperty("answer").GetString());
        Assert.Equal(0, json.GetProperty("citations").GetArrayLength());
    }

    [Theory]
    [InlineData("!")]
    [InlineData("?")]
    [InlineData("\"")]
    [InlineData("+-!:*?\"()~^[]{}/\\ AND OR NOT")]
    [InlineData("😀")]
    [InlineData("ＺＫ－２０２４")]
    public void OddQueriesNeverFail(string query)
    {
        CliResult result = _samples.Cli.Run(TimeSpan.FromSeconds(60), "search", query, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        _ = result.Json();
    }

    [Fact]
    public void UnknownKnowledgeBaseIsExitCodeOneWithOneLine()
    {
        CliResult result = _samples.Cli.Run("search", "年假", "--kb", "no-such-kb");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no-such-kb", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void MissingPathIsExitCodeOne()
    {
        CliResult result = _samples.Cli.Run("ingest", "/definitely/not/here.md");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/definitely/not/here.md", result.Stderr);
    }

    [Fact]
    public void BadArgumentsAreExitCodeOne()
    {
        Assert.Equal(1, _samples.Cli.Run("search", "年假", "--top", "0").ExitCode);
        Assert.Equal(1, _samples.Cli.Run("search", "年假", "--top", "many").ExitCode);
        Assert.Equal(1, _samples.Cli.Run("no-such-command").ExitCode);
    }

    [Fact]
    public void DocsListShowAndStatsWork()
    {
        JsonElement list = _samples.Cli.Run("docs", "list", "--json").Json();
        JsonElement first = list.GetProperty("documents")[0];
        long id = first.GetProperty("doc_id").GetInt64();
        JsonElement show = _samples.Cli.Run("docs", "show", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json").Json();
        Assert.True(show.GetProperty("chunks").GetArrayLength() > 0);
        Assert.Equal(1, _samples.Cli.Run("docs", "show", "999999").ExitCode);
        JsonElement stats = _samples.Cli.Run("stats", "--json").Json();
        Assert.True(stats.GetProperty("kbs")[0].GetProperty("chunks").GetInt64() > 0);
    }
}

/// <summary>One store with the samples ingested, shared by a test class.</summary>
public sealed class IngestedSamples : IDisposable
{
    public IngestedSamples()
    {
        Cli = new CliRunner();
        CliResult result = Cli.Run("ingest", CliRunner.Samples);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("ingesting samples failed: " + result);
        }
    }

    public CliRunner Cli { get; }

    public void Dispose() => Cli.Dispose();
}
