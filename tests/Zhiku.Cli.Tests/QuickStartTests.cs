using System.Text.Json;

namespace Zhiku.Cli.Tests;

/// <summary>The README's quick start line, run as a user would.</summary>
public sealed class QuickStartTests
{
    [Fact]
    public void IngestSamplesThenAskAnswersWithCitations()
    {
        using var cli = new CliRunner();
        CliResult ingest = cli.Run("ingest", CliRunner.Samples);
        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        Assert.Contains("0 failed", ingest.Stdout);

        CliResult ask = cli.Run("ask", "试用期员工可以休年假吗？");
        Assert.True(ask.ExitCode == 0, ask.ToString());
        Assert.Contains("[1]", ask.Stdout);
        Assert.Contains("年假", ask.Stdout);
        Assert.Contains("员工手册", ask.Stdout);

        JsonElement json = cli.Run("ask", "试用期员工可以休年假吗？", "--json").Json();
        Assert.True(json.GetProperty("found").GetBoolean());
        JsonElement citation = json.GetProperty("citations")[0];
        foreach (string field in new[] { "n", "doc_id", "external_id", "source", "heading", "page", "quote" })
        {
            Assert.True(citation.TryGetProperty(field, out _), $"citation lacks {field}");
        }

        Assert.EndsWith("员工手册.md", citation.GetProperty("source").GetString());
        Assert.Contains(citation.GetProperty("quote").GetString()!, json.GetProperty("answer").GetString()!);
    }
}
