using Zhiku.Core.Ingestion;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Tests.Ingestion;

/// <summary>Files with the same content are one document with several sources, and search never shows the same
/// text twice.</summary>
public sealed class DuplicateContentTests
{
    private const string Handbook = "# 差旅制度\n\n差旅费用须在出差结束后三十天内提交报销申请，逾期不予报销。\n";

    [Fact]
    public async Task A_file_with_the_content_of_a_stored_document_becomes_another_source_of_it()
    {
        using var folder = new TempFolder();
        ZhikuStore store = ZhikuStore.Open(Path.Combine(folder.Path, "store"));
        using KnowledgeBase kb = await store.OpenKnowledgeBaseAsync("default");
        string first = folder.File("docs/travel.md", Handbook);
        string copy = folder.File("uploads/travel-copy.md", Handbook);

        await new Ingestor(kb).IngestAsync([first]);
        IngestSummary second = await new Ingestor(kb).IngestAsync([copy]);

        DocumentInfo document = Assert.Single(await store.Documents.ListAsync(kb.Info.Id));
        Assert.Equal(FileStatus.Unchanged, second.Files[0].Status);
        Assert.Contains("another source", second.Files[0].Reason, StringComparison.Ordinal);
        Assert.Equal([first, copy], await store.DocumentSources.ListAsync(document.Id));
        Assert.Single(await kb.SearchAsync("报销申请 三十天", 10));

        // Again: nothing changes, the source is not listed twice.
        await new Ingestor(kb).IngestAsync([copy]);
        Assert.Equal([first, copy], await store.DocumentSources.ListAsync(Assert.Single(await store.Documents.ListAsync(kb.Info.Id)).Id));
    }

    [Fact]
    public async Task Sync_keeps_the_document_while_another_of_its_files_remains()
    {
        using var folder = new TempFolder();
        ZhikuStore store = ZhikuStore.Open(Path.Combine(folder.Path, "store"));
        using KnowledgeBase kb = await store.OpenKnowledgeBaseAsync("default");
        string root = Path.Combine(folder.Path, "docs");
        string first = folder.File("docs/a/travel.md", Handbook);
        string copy = folder.File("docs/b/travel.md", Handbook);
        await new Ingestor(kb).IngestAsync([root]);
        long id = Assert.Single(await store.Documents.ListAsync(kb.Info.Id)).Id;

        File.Delete(first);
        IngestSummary synced = await new Ingestor(kb, new IngestOptions { Sync = true }).IngestAsync([root]);

        DocumentInfo kept = Assert.Single(await store.Documents.ListAsync(kb.Info.Id));
        Assert.Equal(id, kept.Id);
        Assert.Equal(copy, kept.SourcePath);
        Assert.Equal([copy], await store.DocumentSources.ListAsync(id));
        Assert.Contains(synced.Files, f => f.Path == first && f.Status == FileStatus.Removed && f.Documents == 0);
        Assert.Single(await kb.SearchAsync("报销申请", 5));

        // A later run finds the remaining file unchanged.
        IngestSummary again = await new Ingestor(kb, new IngestOptions { Sync = true }).IngestAsync([root]);
        Assert.Equal(FileStatus.Unchanged, Assert.Single(again.Files).Status);

        File.Delete(copy);
        await new Ingestor(kb, new IngestOptions { Sync = true }).IngestAsync([root]);
        Assert.Empty(await store.Documents.ListAsync(kb.Info.Id));
        Assert.Empty(await kb.SearchAsync("报销申请", 5));
    }

    [Fact]
    public async Task A_source_whose_content_changes_leaves_the_shared_document_to_the_other_file()
    {
        using var folder = new TempFolder();
        ZhikuStore store = ZhikuStore.Open(Path.Combine(folder.Path, "store"));
        using KnowledgeBase kb = await store.OpenKnowledgeBaseAsync("default");
        string first = folder.File("a.md", Handbook);
        string copy = folder.File("b.md", Handbook);
        await new Ingestor(kb).IngestAsync([first, copy]);

        File.WriteAllText(first, "# 会议纪要\n\n下季度目标是营收增长百分之二十。\n");
        await new Ingestor(kb).IngestAsync([first, copy]);

        var documents = (await store.Documents.ListAsync(kb.Info.Id));
        Assert.Equal(2, documents.Count);
        Assert.Equal(copy, documents.Single(d => d.Title == "差旅制度").SourcePath);
        Assert.Equal(first, documents.Single(d => d.Title == "会议纪要").SourcePath);
        Assert.Equal([copy], await store.DocumentSources.ListAsync(documents.Single(d => d.Title == "差旅制度").Id));
    }

    [Fact]
    public async Task Search_returns_one_result_for_chunks_with_the_same_text_and_still_fills_the_page()
    {
        using var folder = new TempFolder();
        ZhikuStore store = ZhikuStore.Open(Path.Combine(folder.Path, "store"));
        using KnowledgeBase kb = await store.OpenKnowledgeBaseAsync("default");
        // Different files (different titles, so different hashes) that share a paragraph.
        string shared = "差旅费用须在出差结束后三十天内提交报销申请，逾期不予报销。";
        await new Ingestor(kb).IngestAsync([
            folder.File("a.md", $"# 制度甲\n\n甲公司的规定。\n\n## 报销\n\n{shared}\n"),
            folder.File("b.md", $"# 制度乙\n\n乙公司的规定。\n\n## 报销\n\n{shared}\n"),
            folder.File("c.md", "# 制度丙\n\n## 报销\n\n报销申请须附发票原件，差旅报销由部门经理审批。\n"),
        ]);

        var results = await kb.SearchAsync("差旅 报销申请", 2);

        Assert.Equal(2, results.Count);
        Assert.Equal(results.Count, results.Select(r => r.Chunk.Text.Trim()).Distinct().Count());
        Assert.Equal([1, 2], results.Select(r => r.Rank));
        Assert.Contains(results, r => r.Chunk.Title == "制度丙");
    }
}
