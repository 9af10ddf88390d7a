using Microsoft.Data.Sqlite;
using Zhiku.Core.Chunking;
using Zhiku.Core.Documents;
using Zhiku.Core.Security;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Storage;

/// <summary>Writes, reads and the failure contract of <see cref="IDocumentStore"/> and <see cref="IDocumentSourceStore"/>, on every engine.</summary>
public sealed class DocumentStoreTests
{
    private static NewDocument Document(string key, string? path, string text, string hash = "h") =>
        new(path, key, null, "标题 " + key, "txt", hash, text.Length * 3, text, [new TextChunk(0, 0, text.Length, text, "", null)], null);

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task DocumentsAreReplacedByTheirSourceAndReadBackWithTextPagesAndCounts(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        long other = await store.CreateKnowledgeBaseAsync("other");
        IDocumentStore documents = store.Documents;
        PageText[] pages = [new(1, PageTextSource.Text, 1), new(2, PageTextSource.Ocr, 0.8)];

        (IReadOnlyList<long> none, IReadOnlyList<long> added) = await documents.ReplaceAsync(kb, "/d/a.pdf",
            [Document("/d/a.pdf#1", "/d/a.pdf", "第一份。", "ha") with { Pages = pages, Groups = ["hr"] }, Document("/d/a.pdf#2", "/d/a.pdf", "第二份。", "ha")]);
        await documents.ReplaceBatchAsync(kb, [("eval#1", [Document("eval#1", null, "记录。")])]);
        Assert.Empty(none);
        Assert.Equal(2, added.Count);

        IReadOnlyList<DocumentInfo> all = await documents.ListAsync(kb);
        Assert.Equal(["标题 eval#1", "标题 /d/a.pdf#2", "标题 /d/a.pdf#1"], all.Select(d => d.Title));
        Assert.Single(await documents.ListAsync(kb, limit: 1));
        DocumentInfo first = (await documents.GetAsync(kb, added[0]))!;
        Assert.Equal(["hr"], first.Groups);
        Assert.Equal(("ha", false, 4), (first.ContentHash, first.Indexed, first.TextChars));
        Assert.Equal(("/d/a.pdf", "/d/a.pdf#1", "txt", 12L, 1), (first.SourcePath, first.RecordKey, first.Format, first.SizeBytes, first.ChunkCount));
        Assert.Equal(first.CreatedAt, first.UpdatedAt);
        Assert.InRange(first.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Null(await documents.GetAsync(other, added[0]));
        Assert.Equal(added, (await documents.FindBySourceAsync(kb, "/d/a.pdf")).Select(d => d.Id).Order());
        Assert.Single(await documents.FindBySourceAsync(kb, "eval#1"));
        Assert.Equal(added, (await documents.FindByHashAsync(kb, "ha")).Select(d => d.Id));
        Assert.Equal("第二份。", await documents.GetTextAsync(added[1]));
        Assert.Null(await documents.GetTextAsync(999_999));
        Assert.Equal(pages, await documents.GetPagesAsync(added[0]));
        Assert.Empty(await documents.GetPagesAsync(added[1]));
        IReadOnlyDictionary<long, PageSummary> summaries = await documents.GetPageSummariesAsync([added[0], added[1]]);
        Assert.Equal(new PageSummary(2, 1, 1, 0, 0, 0.8), Assert.Single(summaries).Value);
        Assert.Empty(await documents.GetPageSummariesAsync([]));
        Assert.Equal(new DocumentCounts(3, 3, 11, 33), await documents.CountAsync(kb));
        Assert.Equal(new DocumentCounts(0, 0, 0, 0), await documents.CountAsync(other));
        Assert.Equal(3, await store.CountAsync($"SELECT COUNT(*) FROM chunks WHERE doc_id IN ({added[0]}, {added[1]}) OR text = '记录。'"));

        // Replacing a source removes all its documents with their chunks (they become tombstones for the indexes).
        (IReadOnlyList<long> removed, IReadOnlyList<long> again) = await documents.ReplaceAsync(kb, "/d/a.pdf", [Document("/d/a.pdf", "/d/a.pdf", "新的。")]);
        Assert.Equal(added, removed.Order());
        Assert.Equal(2, await store.CountAsync($"SELECT COUNT(*) FROM index_tombstones WHERE kb_id = {kb} AND doc_id IN ({added[0]}, {added[1]})"));
        Assert.Equal(0, await store.CountAsync($"SELECT COUNT(*) FROM chunks WHERE doc_id IN ({added[0]}, {added[1]})"));
        Assert.Empty(await documents.GetPagesAsync(added[0]));
        Assert.Null(await documents.GetTextAsync(added[0]));
        Assert.False(await documents.DeleteAsync(other, again[0]));
        Assert.True(await documents.DeleteAsync(kb, again[0]));
        Assert.False(await documents.DeleteAsync(kb, again[0]));
        Assert.Equal(1, await store.CountAsync($"SELECT COUNT(*) FROM index_tombstones WHERE kb_id = {kb} AND doc_id = {again[0]}"));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ABatchReplacesItsSourcesInOrderAsOneByOneWould(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        IDocumentStore documents = store.Documents;
        await documents.ReplaceAsync(kb, "a", [Document("a", null, "旧甲。")]);

        // "a" twice: the second replaces what the first wrote; "c" is found by a document the batch added for "b".
        await documents.ReplaceBatchAsync(kb,
        [
            ("a", [Document("a", null, "新甲。")]),
            ("b", [Document("b#1", "c", "乙。")]),
            ("a", [Document("a", null, "再甲。")]),
            ("c", [Document("c#2", "c", "丙。")]),
        ]);

        IReadOnlyList<DocumentInfo> all = await documents.ListAsync(kb);
        Assert.Equal(["c#2", "a"], all.Select(d => d.RecordKey));
        Assert.Equal(["丙。", "再甲。"], await Task.WhenAll(all.Select(d => documents.GetTextAsync(d.Id)).Select(async t => (await t)!)));

        // Many documents with many chunks and pages in one batch come back complete.
        var many = Enumerable.Range(0, 300).Select(i => ($"bulk#{i}", (IReadOnlyList<NewDocument>)
        [
            Document($"bulk#{i}", null, $"第{i}条。") with
            {
                Chunks = [.. Enumerable.Range(0, 4).Select(c => new TextChunk(c, c, c + 1, $"块{i}-{c}", "章", c + 1))],
                Pages = [new(1, PageTextSource.Text, 0.9), new(2, PageTextSource.Skipped, 0)],
            },
        ])).ToList();
        await documents.ReplaceBatchAsync(kb, many);
        long chars = 5 + many.Sum(m => m.Item2[0].Text.Length);
        Assert.Equal(new DocumentCounts(302, 2 + 1200, chars, chars * 3), await documents.CountAsync(kb));
        DocumentInfo last = (await documents.FindBySourceAsync(kb, "bulk#299")).Single();
        Assert.Equal(new PageSummary(2, 1, 0, 0, 1, null), (await documents.GetPageSummariesAsync([last.Id]))[last.Id]);
        Assert.Equal(4, await store.CountAsync($"SELECT COUNT(*) FROM chunks WHERE doc_id = {last.Id} AND page IS NOT NULL"));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task AMissingKnowledgeBaseIsNotFoundAndATakenRecordKeyIsAConflictThatWritesNothing(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        IDocumentStore documents = store.Documents;

        ZhikuException missing = await Assert.ThrowsAsync<ZhikuException>(() => documents.ReplaceAsync(404, "a", [Document("a", null, "甲。")]));
        Assert.Equal((ErrorKind.NotFound, "404"), (missing.Kind, missing.Subject));

        ZhikuException taken = await Assert.ThrowsAsync<ZhikuException>(() => documents.ReplaceBatchAsync(kb,
            [("a", [Document("a", null, "甲。")]), ("b", [Document("b", null, "乙。"), Document("b", null, "乙二。")])]));
        Assert.Equal((ErrorKind.Conflict, "b"), (taken.Kind, taken.Subject));
        Assert.Empty(await documents.ListAsync(kb));

        // A key another source's document holds.
        await documents.ReplaceAsync(kb, "/d/x.md", [Document("shared", "/d/x.md", "甲。")]);
        ZhikuException other = await Assert.ThrowsAsync<ZhikuException>(() => documents.ReplaceAsync(kb, "/d/y.md", [Document("shared", "/d/y.md", "乙。")]));
        Assert.Equal((ErrorKind.Conflict, "shared"), (other.Kind, other.Subject));
        Assert.Equal(["/d/x.md"], (await documents.ListAsync(kb)).Select(d => d.SourcePath));
        Assert.Equal(1, await store.CountAsync("SELECT COUNT(*) FROM chunks"));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ReplacementsOfOneSourceAtOnceLeaveOneSetOfDocuments(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        IDocumentStore documents = store.Documents;

        // Two nodes applying the same file (a job taken over while its first holder still writes): each replacement
        // must see the other's committed documents and replace them, never fail on their record keys.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => documents.ReplaceAsync(kb, "/d/a.md",
            [Document("/d/a.md#1", "/d/a.md", $"第{i}版一。"), Document("/d/a.md#2", "/d/a.md", $"第{i}版二。")]))));

        IReadOnlyList<DocumentInfo> all = await documents.ListAsync(kb);
        Assert.Equal(["/d/a.md#1", "/d/a.md#2"], all.Select(d => d.RecordKey).Order());
        Assert.Equal(2, await store.CountAsync("SELECT COUNT(*) FROM chunks"));
        Assert.Equal(2, await store.CountAsync("SELECT COUNT(*) FROM document_texts"));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task SourcesMoveToTheNextFileWhenTheFirstGoes(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        IDocumentStore documents = store.Documents;
        IDocumentSourceStore sources = store.Sources;
        (_, IReadOnlyList<long> added) = await documents.ReplaceAsync(kb, "/d/a.md", [Document("/d/a.md", "/d/a.md", "同一内容。")]);
        long id = added[0];

        await sources.AddAsync(kb, [id], "/d/b.md");
        await sources.AddAsync(kb, [id], "/d/b.md");
        await sources.AddAsync(kb, [id], "/d/c.md");
        await sources.AddAsync(kb, [id], "/d/B.md");
        Assert.Equal(["/d/a.md", "/d/b.md", "/d/c.md", "/d/B.md"], await sources.ListAsync(id));
        Assert.Equal(["/d/a.md"], await sources.ListPathsAsync(kb));
        Assert.Equal(["/d/B.md", "/d/b.md", "/d/c.md"], await sources.ListAdditionalPathsAsync(kb));
        Assert.Equal(1, await sources.RemoveAdditionalAsync(kb, "/d/B.md"));

        Assert.Equal(1, await sources.PromoteNextAsync(kb, "/d/a.md"));
        DocumentInfo moved = (await documents.GetAsync(kb, id))!;
        Assert.Equal(("/d/b.md", "/d/b.md"), (moved.SourcePath, moved.RecordKey));
        Assert.Equal(["/d/b.md", "/d/c.md"], await sources.ListAsync(id));
        Assert.Equal(0, await sources.PromoteNextAsync(kb, "/d/gone.md"));
        Assert.Equal(1, await sources.RemoveAdditionalAsync(kb, "/d/c.md"));
        Assert.Equal(0, await sources.RemoveAdditionalAsync(kb, "/d/c.md"));
        Assert.Empty(await sources.ListAdditionalPathsAsync(kb));
        Assert.Equal(0, await sources.PromoteNextAsync(kb, "/d/b.md"));
        Assert.Empty(await sources.ListAsync(999_999));

        ZhikuException missing = await Assert.ThrowsAsync<ZhikuException>(() => sources.AddAsync(kb, [id, 404], "/d/e.md"));
        Assert.Equal((ErrorKind.NotFound, "404"), (missing.Kind, missing.Subject));
        Assert.Equal(["/d/b.md"], await sources.ListAsync(id));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ACancelledWriteThrowsOperationCanceledAndWritesNothing(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        IDocumentStore documents = store.Documents;
        (_, IReadOnlyList<long> added) = await documents.ReplaceAsync(kb, "/d/a.md", [Document("/d/a.md", "/d/a.md", "甲。")]);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => documents.ReplaceAsync(kb, "a", [Document("a", null, "甲。")], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => documents.ReplaceBatchAsync(kb, [("/d/a.md", [])], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => documents.DeleteAsync(kb, added[0], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.Sources.AddAsync(kb, added, "/d/b.md", cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.Sources.ListPathsAsync(kb, cancelled.Token));
        Assert.Equal(added, (await documents.ListAsync(kb)).Select(d => d.Id));
        Assert.Equal(["/d/a.md"], await store.Sources.ListAsync(added[0]));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task WithAKeyTitlesTextsAndChunksAreStoredEncrypted(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine, EncryptionKey.Generate());
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        var document = new NewDocument("/d/a.md", "/d/a.md", null, "年假制度", "md", "h", 30, "正式员工每年十天年假。",
            [new TextChunk(0, 0, 11, "正式员工每年十天年假。", "年假制度", null)], null);
        (_, IReadOnlyList<long> added) = await store.Documents.ReplaceAsync(kb, "/d/a.md", [document]);

        foreach (string sql in new[] { "SELECT title FROM documents", "SELECT text FROM document_texts", "SELECT text FROM chunks", "SELECT heading FROM chunks" })
        {
            string stored = (await store.StoredTextAsync(sql))!;
            Assert.StartsWith("enc:", stored, StringComparison.Ordinal);
            Assert.DoesNotContain("年假", stored, StringComparison.Ordinal);
        }

        Assert.Equal("年假制度", (await store.Documents.GetAsync(kb, added[0]))!.Title);
        Assert.Equal("正式员工每年十天年假。", await store.Documents.GetTextAsync(added[0]));
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
