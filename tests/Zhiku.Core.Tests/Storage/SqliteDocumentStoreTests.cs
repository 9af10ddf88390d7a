using Microsoft.Data.Sqlite;
using Zhiku.Core.Chunking;
using Zhiku.Core.Documents;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Storage;

/// <summary>Writes, reads and the failure contract of <see cref="IDocumentStore"/> and <see cref="IDocumentSourceStore"/> over SQLite.</summary>
public sealed class SqliteDocumentStoreTests
{
    private static NewDocument Document(string key, string? path, string text, string hash = "h") =>
        new(path, key, null, "标题 " + key, "txt", hash, text.Length * 3, text, [new TextChunk(0, 0, text.Length, text, "", null)], null);

    [Fact]
    public async Task DocumentsAreReplacedByTheirSourceAndReadBackWithTextPagesAndCounts()
    {
        using var temp = new TempFolder();
        MetadataStore metadata = MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db"));
        KnowledgeBaseInfo kb = metadata.CreateKnowledgeBase("kb", "cloud");
        KnowledgeBaseInfo other = metadata.CreateKnowledgeBase("other", "cloud");
        IDocumentStore documents = new SqliteDocumentStore(metadata);
        PageText[] pages = [new(1, PageTextSource.Text, 1), new(2, PageTextSource.Ocr, 0.8)];

        (IReadOnlyList<long> none, IReadOnlyList<long> added) = await documents.ReplaceAsync(kb.Id, "/d/a.pdf",
            [Document("/d/a.pdf#1", "/d/a.pdf", "第一份。", "ha") with { Pages = pages, Groups = ["hr"] }, Document("/d/a.pdf#2", "/d/a.pdf", "第二份。", "ha")]);
        await documents.ReplaceBatchAsync(kb.Id, [("eval#1", [Document("eval#1", null, "记录。")])]);
        Assert.Empty(none);
        Assert.Equal(2, added.Count);

        IReadOnlyList<DocumentInfo> all = await documents.ListAsync(kb.Id);
        Assert.Equal(["标题 eval#1", "标题 /d/a.pdf#2", "标题 /d/a.pdf#1"], all.Select(d => d.Title));
        Assert.Single(await documents.ListAsync(kb.Id, limit: 1));
        DocumentInfo first = (await documents.GetAsync(kb.Id, added[0]))!;
        Assert.Equal(["hr"], first.Groups);
        Assert.Equal(("ha", false, 4), (first.ContentHash, first.Indexed, first.TextChars));
        Assert.Null(await documents.GetAsync(other.Id, added[0]));
        Assert.Equal(added, (await documents.FindBySourceAsync(kb.Id, "/d/a.pdf")).Select(d => d.Id).Order());
        Assert.Single(await documents.FindBySourceAsync(kb.Id, "eval#1"));
        Assert.Equal(added, (await documents.FindByHashAsync(kb.Id, "ha")).Select(d => d.Id));
        Assert.Equal("第二份。", await documents.GetTextAsync(added[1]));
        Assert.Null(await documents.GetTextAsync(999_999));
        Assert.Equal(pages, await documents.GetPagesAsync(added[0]));
        Assert.Empty(await documents.GetPagesAsync(added[1]));
        IReadOnlyDictionary<long, PageSummary> summaries = await documents.GetPageSummariesAsync([added[0], added[1]]);
        Assert.Equal(new PageSummary(2, 1, 1, 0, 0, 0.8), Assert.Single(summaries).Value);
        Assert.Equal(new DocumentCounts(3, 3, 11, 33), await documents.CountAsync(kb.Id));
        Assert.Equal(new DocumentCounts(0, 0, 0, 0), await documents.CountAsync(other.Id));

        // Replacing a source removes all its documents (they become tombstones for the indexes).
        (IReadOnlyList<long> removed, IReadOnlyList<long> again) = await documents.ReplaceAsync(kb.Id, "/d/a.pdf", [Document("/d/a.pdf", "/d/a.pdf", "新的。")]);
        Assert.Equal(added, removed.Order());
        Assert.Equal(added, (await new SqliteChunkStore(metadata).GetBacklogAsync(kb.Id)).Tombstones);
        Assert.False(await documents.DeleteAsync(other.Id, again[0]));
        Assert.True(await documents.DeleteAsync(kb.Id, again[0]));
        Assert.False(await documents.DeleteAsync(kb.Id, again[0]));
    }

    [Fact]
    public async Task AMissingKnowledgeBaseIsNotFoundAndATakenRecordKeyIsAConflictThatWritesNothing()
    {
        using var temp = new TempFolder();
        MetadataStore metadata = MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db"));
        KnowledgeBaseInfo kb = metadata.CreateKnowledgeBase("kb", "cloud");
        IDocumentStore documents = new SqliteDocumentStore(metadata);

        ZhikuException missing = await Assert.ThrowsAsync<ZhikuException>(() => documents.ReplaceAsync(404, "a", [Document("a", null, "甲。")]));
        Assert.Equal(ErrorKind.NotFound, missing.Kind);

        ZhikuException taken = await Assert.ThrowsAsync<ZhikuException>(() => documents.ReplaceBatchAsync(kb.Id,
            [("a", [Document("a", null, "甲。")]), ("b", [Document("b", null, "乙。"), Document("b", null, "乙二。")])]));
        Assert.Equal((ErrorKind.Conflict, "b"), (taken.Kind, taken.Subject));
        Assert.Empty(await documents.ListAsync(kb.Id));
    }

    [Fact]
    public async Task SourcesMoveToTheNextFileWhenTheFirstGoes()
    {
        using var temp = new TempFolder();
        MetadataStore metadata = MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db"));
        KnowledgeBaseInfo kb = metadata.CreateKnowledgeBase("kb", "cloud");
        IDocumentStore documents = new SqliteDocumentStore(metadata);
        IDocumentSourceStore sources = new SqliteDocumentSourceStore(metadata);
        (_, IReadOnlyList<long> added) = await documents.ReplaceAsync(kb.Id, "/d/a.md", [Document("/d/a.md", "/d/a.md", "同一内容。")]);
        long id = added[0];

        await sources.AddAsync(kb.Id, [id], "/d/b.md");
        await sources.AddAsync(kb.Id, [id], "/d/b.md");
        await sources.AddAsync(kb.Id, [id], "/d/c.md");
        Assert.Equal(["/d/a.md", "/d/b.md", "/d/c.md"], await sources.ListAsync(id));
        Assert.Equal(["/d/a.md"], await sources.ListPathsAsync(kb.Id));
        Assert.Equal(["/d/b.md", "/d/c.md"], await sources.ListAdditionalPathsAsync(kb.Id));

        Assert.Equal(1, await sources.PromoteNextAsync(kb.Id, "/d/a.md"));
        DocumentInfo moved = (await documents.GetAsync(kb.Id, id))!;
        Assert.Equal(("/d/b.md", "/d/b.md"), (moved.SourcePath, moved.RecordKey));
        Assert.Equal(["/d/b.md", "/d/c.md"], await sources.ListAsync(id));
        Assert.Equal(0, await sources.PromoteNextAsync(kb.Id, "/d/gone.md"));
        Assert.Equal(1, await sources.RemoveAdditionalAsync(kb.Id, "/d/c.md"));
        Assert.Equal(0, await sources.RemoveAdditionalAsync(kb.Id, "/d/c.md"));
        Assert.Empty(await sources.ListAdditionalPathsAsync(kb.Id));

        ZhikuException missing = await Assert.ThrowsAsync<ZhikuException>(() => sources.AddAsync(kb.Id, [id, 404], "/d/e.md"));
        Assert.Equal(ErrorKind.NotFound, missing.Kind);
        Assert.Equal(["/d/b.md"], await sources.ListAsync(id));
    }

    [Fact]
    public async Task ACancelledWriteThrowsOperationCanceledAndWritesNothing()
    {
        using var temp = new TempFolder();
        MetadataStore metadata = MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db"));
        KnowledgeBaseInfo kb = metadata.CreateKnowledgeBase("kb", "cloud");
        IDocumentStore documents = new SqliteDocumentStore(metadata);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => documents.ReplaceAsync(kb.Id, "a", [Document("a", null, "甲。")], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new SqliteDocumentSourceStore(metadata).ListPathsAsync(kb.Id, cancelled.Token));
        Assert.Empty(await documents.ListAsync(kb.Id));
    }

    [Fact]
    public async Task AStoreWhoseFileCannotBeOpenedIsUnavailable()
    {
        using var temp = new TempFolder();
        string folder = Path.Combine(temp.Path, "store");
        Directory.CreateDirectory(folder);
        MetadataStore metadata = MetadataStore.Open(Path.Combine(folder, "zhiku.db"));
        IDocumentStore documents = new SqliteDocumentStore(metadata);
        IDocumentSourceStore sources = new SqliteDocumentSourceStore(metadata);

        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);

        ZhikuException read = await Assert.ThrowsAsync<ZhikuException>(() => documents.ListAsync(1));
        ZhikuException write = await Assert.ThrowsAsync<ZhikuException>(() => sources.RemoveAdditionalAsync(1, "/a"));
        Assert.Equal((ErrorKind.Unavailable, ErrorKind.Unavailable), (read.Kind, write.Kind));
    }
}
