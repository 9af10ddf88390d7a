using Microsoft.Data.Sqlite;
using Zhiku.Core.Chunking;
using Zhiku.Core.Security;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Storage;

/// <summary>The reads, the index backlog and the failure contract of <see cref="IChunkStore"/> on every engine.</summary>
public sealed class ChunkStoreTests
{
    internal static NewDocument Document(string key, params string[] chunkTexts)
    {
        string text = string.Concat(chunkTexts);
        var chunks = new List<TextChunk>();
        int start = 0;
        for (int i = 0; i < chunkTexts.Length; i++)
        {
            chunks.Add(new TextChunk(i, start, start + chunkTexts[i].Length, chunkTexts[i], "标题 > " + key, i + 1));
            start += chunkTexts[i].Length;
        }

        return new NewDocument(null, key, key, "Title " + key, "txt", "hash-" + key, text.Length, text, chunks, null);
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ChunksAreReadInTheAskedOrderAndTheBacklogClearsOnlyWhenMarked(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        IChunkStore chunks = store.Chunks;
        (_, IReadOnlyList<long> first) = await store.Documents.ReplaceAsync(kb, "a", [Document("a", "甲一。", "甲二。")]);
        (_, IReadOnlyList<long> second) = await store.Documents.ReplaceAsync(kb, "b", [Document("b", "乙一。")]);
        long a = first[0], b = second[0];

        IndexBacklog backlog = await chunks.GetBacklogAsync(kb);
        Assert.Equal([a, b], backlog.Pending);
        Assert.Empty(backlog.Tombstones);

        IReadOnlyList<ChunkRecord> all = await chunks.GetOfDocumentsAsync([b, a]);
        Assert.Equal(["甲一。", "甲二。", "乙一。"], all.Select(c => c.Text));
        Assert.Equal(("标题 > a", 2, "Title a", "a", 1, 3, 6), (all[1].HeadingPath, all[1].Page, all[1].Title, all[1].ExternalId, all[1].Ordinal,
            all[1].Start, all[1].End));
        Assert.Equal((a, (string?)null, (string?)null), (all[1].DocId, all[1].SourcePath, all[1].Policy));
        IReadOnlyList<long> ids = await chunks.ListIdsAsync(kb);
        Assert.Equal(all.Select(c => c.Id).Order(), ids);
        Assert.Equal(["乙一。", "甲一。"], (await chunks.GetAsync([ids[2], 999_999, ids[0]])).Select(c => c.Text));
        Assert.Empty(await chunks.GetAsync([]));
        Assert.Empty(await chunks.GetOfDocumentsAsync([]));
        Assert.Empty(await chunks.GetOfDocumentsAsync([999_999]));

        await chunks.MarkIndexedAsync(kb, [a, b], []);
        Assert.True((await chunks.GetBacklogAsync(kb)).IsEmpty);

        Assert.True(await store.Documents.DeleteAsync(kb, a));
        IndexBacklog deleted = await chunks.GetBacklogAsync(kb);
        Assert.Empty(deleted.Pending);
        Assert.Equal([a], deleted.Tombstones);
        Assert.Equal([ids[2]], await chunks.ListIdsAsync(kb));
        await chunks.MarkIndexedAsync(kb, [], [a]);
        Assert.True((await chunks.GetBacklogAsync(kb)).IsEmpty);

        Assert.Equal(1, await chunks.MarkAllUnindexedAsync(kb));
        Assert.Equal([b], (await chunks.GetBacklogAsync(kb)).Pending);
        Assert.Equal(0, await chunks.MarkAllUnindexedAsync(404));
        Assert.Empty(await chunks.ListIdsAsync(404));
        Assert.True((await chunks.GetBacklogAsync(404)).IsEmpty);
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task MarkingTouchesOnlyTheNamedKnowledgeBase(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        long other = await store.CreateKnowledgeBaseAsync("other");
        (_, IReadOnlyList<long> mine) = await store.Documents.ReplaceAsync(kb, "a", [Document("a", "甲。")]);
        (_, IReadOnlyList<long> theirs) = await store.Documents.ReplaceAsync(other, "b", [Document("b", "乙。")]);
        Assert.True(await store.Documents.DeleteAsync(other, theirs[0]));
        (_, IReadOnlyList<long> next) = await store.Documents.ReplaceAsync(other, "c", [Document("c", "丙。")]);

        // A synchronizer of one knowledge base must not clear another's backlog, whatever ids it passes.
        await store.Chunks.MarkIndexedAsync(kb, [mine[0], next[0]], [theirs[0]]);

        Assert.True((await store.Chunks.GetBacklogAsync(kb)).IsEmpty);
        IndexBacklog untouched = await store.Chunks.GetBacklogAsync(other);
        Assert.Equal([next[0]], untouched.Pending);
        Assert.Equal([theirs[0]], untouched.Tombstones);
        Assert.Equal(1, await store.Chunks.MarkAllUnindexedAsync(kb));
        Assert.Equal([next[0]], (await store.Chunks.GetBacklogAsync(other)).Pending);
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task WithAKeyChunkTextIsStoredEncryptedAndReadsBack(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine, EncryptionKey.Generate());
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        (_, IReadOnlyList<long> added) = await store.Documents.ReplaceAsync(kb, "a", [Document("a", "北斗项目预算。")]);

        foreach (string sql in new[] { "SELECT text FROM chunks", "SELECT heading FROM chunks" })
        {
            string stored = (await store.StoredTextAsync(sql))!;
            Assert.StartsWith("enc:", stored, StringComparison.Ordinal);
            Assert.DoesNotContain("北斗", stored, StringComparison.Ordinal);
        }

        ChunkRecord chunk = Assert.Single(await store.Chunks.GetOfDocumentsAsync(added));
        Assert.Equal(("北斗项目预算。", "标题 > a", "Title a"), (chunk.Text, chunk.HeadingPath, chunk.Title));
        Assert.Equal(chunk, Assert.Single(await store.Chunks.GetAsync([chunk.Id])));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task EncryptedChunkTextWithoutAKeyIsForbidden(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        (_, IReadOnlyList<long> added) = await store.Documents.ReplaceAsync(kb, "a", [Document("a", "甲一。")]);
        // Text written under a key, in a store opened without one.
        await store.ExecuteAsync("UPDATE chunks SET text = 'enc:AAAA';");

        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => store.Chunks.GetOfDocumentsAsync(added));
        Assert.Equal(ErrorKind.Forbidden, ex.Kind);
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ACancelledCallThrowsOperationCanceledAndChangesNothing(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        (_, IReadOnlyList<long> added) = await store.Documents.ReplaceAsync(kb, "a", [Document("a", "甲一。")]);
        IChunkStore chunks = store.Chunks;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chunks.MarkIndexedAsync(kb, added, [], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chunks.MarkAllUnindexedAsync(kb, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chunks.GetAsync([1], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chunks.GetBacklogAsync(kb, cancelled.Token));
        Assert.Equal(added, (await chunks.GetBacklogAsync(kb)).Pending);
    }

    [Fact]
    public async Task AStoreWhoseFileCannotBeOpenedIsUnavailable()
    {
        using var temp = new TempFolder();
        string folder = Path.Combine(temp.Path, "store");
        Directory.CreateDirectory(folder);
        MetadataStore metadata = MetadataStore.Open(Path.Combine(folder, "zhiku.db"));
        IChunkStore chunks = new SqliteChunkStore(metadata);

        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);

        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => chunks.GetBacklogAsync(1));
        Assert.Equal(ErrorKind.Unavailable, ex.Kind);
        Assert.IsType<SqliteException>(ex.InnerException);
    }
}
