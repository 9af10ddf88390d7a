using System.Text.Json;

namespace Zhiku.Cli.Tests;

/// <summary>search --explain and the vector phase of ingest, through the real CLI (built-in model).</summary>
public sealed class HybridSearchTests : IClassFixture<IngestedSamples>
{
    private static readonly string[] ContractFields = ["doc_id", "external_id", "chunk_id", "title", "source", "heading", "page", "score", "text"];
    private readonly IngestedSamples _samples;

    public HybridSearchTests(IngestedSamples samples)
    {
        this._samples = samples;
    }

    [Fact]
    public void ExplainAddsAnObjectWithoutChangingTheContractFields()
    {
        JsonElement results = _samples.Cli.Run("search", "travel expense reimbursement limits", "--top", "3", "--json", "--explain").Json().GetProperty("results");
        Assert.InRange(results.GetArrayLength(), 1, 3);
        foreach (JsonElement result in results.EnumerateArray())
        {
            Assert.All(ContractFields, f => Assert.True(result.TryGetProperty(f, out _), $"result lacks {f}"));
            JsonElement explain = result.GetProperty("explain");
            Assert.InRange(explain.GetProperty("fused_score").GetDouble(), 0, 1); // 0.7 × normalized BM25 + 0.3 × normalized cosine
            Assert.InRange(explain.GetProperty("dense_weight").GetDouble(), 0.01, 1);
            Assert.Contains("convex", explain.GetProperty("dense").GetString());
        }

        Assert.True(results[0].GetProperty("explain").GetProperty("fused_score").GetDouble() > 0, "English query over embedded samples is fused");

        Assert.Contains(results.EnumerateArray(), r => r.GetProperty("explain").GetProperty("dense_rank").ValueKind == JsonValueKind.Number);
        JsonElement plain = _samples.Cli.Run("search", "travel expense reimbursement limits", "--top", "3", "--json").Json().GetProperty("results");
        Assert.False(plain[0].TryGetProperty("explain", out _));
    }

    [Fact]
    public void ChineseQueryExplainsThatTheEnglishModelIsNotUsed()
    {
        CliResult result = _samples.Cli.Run("search", "试用期员工可以休年假吗", "--top", "2", "--explain");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("dense weight 0", result.Stdout);
        Assert.Contains("keyword #1", result.Stdout);
    }

    [Fact]
    public void ReembedWithNothingMissingEmbedsNothing()
    {
        JsonElement json = _samples.Cli.Run("reembed", "--json").Json();
        Assert.Equal(0, json.GetProperty("embedded").GetInt32());
        Assert.Equal("ready", json.GetProperty("dense").GetString());
    }
}
