using Zhiku.Core.Ingestion;

namespace Zhiku.Core.Tests.Ingestion;

/// <summary>A file over the size limit is skipped with a reason that names the limit, not a host's flag.</summary>
public sealed class SizeLimitTests
{
    [Fact]
    public async Task A_file_over_the_limit_is_skipped_naming_the_limit_and_the_remedy_without_a_cli_flag()
    {
        using var folder = new TempFolder();
        ZhikuStore store = ZhikuStore.Open(Path.Combine(folder.Path, "store"));
        using KnowledgeBase kb = await store.OpenKnowledgeBaseAsync("default");
        string big = folder.File("docs/big.md", new string('大', 700_000));

        IngestSummary summary = await new Ingestor(kb, new IngestOptions { MaxFileBytes = 1048576 }).IngestAsync([big]);

        FileOutcome outcome = Assert.Single(summary.Files);
        Assert.Equal(FileStatus.Skipped, outcome.Status);
        Assert.Equal(FileRemedy.RaiseSizeLimit, outcome.Remedy);
        Assert.Contains("1 MB limit per file", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("raise the size limit", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("文件超过大小上限", outcome.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("--", outcome.Reason, StringComparison.Ordinal);
    }
}
