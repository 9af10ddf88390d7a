using Zhiku.Core.Storage;

namespace Zhiku.Core.Tests.Storage.Postgres;

/// <summary>Deleting a knowledge base records the removal of each of its documents in the change log, in the same
/// transaction, so index replicas drop them; documents written while the deletion runs are never left behind in a
/// replica.</summary>
public sealed class PostgresKnowledgeBaseDeletionTests
{
    [Fact]
    public async Task DeletingLogsARemovalForEachOfItsDocumentsAndNoneForOthers()
    {
        await using var store = (PostgresStoreEngine)await StoreEngine.OpenAsync(StoreEngine.Postgres);
        long doomed = await store.CreateKnowledgeBaseAsync("doomed");
        long kept = await store.CreateKnowledgeBaseAsync("kept");
        (_, IReadOnlyList<long> a) = await store.Documents.ReplaceAsync(doomed, "a", [ChunkStoreTests.Document("a", "甲。")]);
        (_, IReadOnlyList<long> b) = await store.Documents.ReplaceAsync(doomed, "b", [ChunkStoreTests.Document("b", "乙一。", "乙二。")]);
        await store.Documents.ReplaceAsync(kept, "c", [ChunkStoreTests.Document("c", "丙。")]);
        long before = await store.Changes.LastSeqAsync();

        Assert.True(await store.KnowledgeBases.DeleteAsync(doomed));
        Assert.False(await store.KnowledgeBases.DeleteAsync(doomed));

        IReadOnlyList<ChunkChange> logged = await store.Changes.ReadAfterAsync(null, before);
        Assert.Equal([a[0], b[0]], logged.Select(c => c.DocId).Order());
        Assert.All(logged, c => Assert.Equal((doomed, ChunkChangeKind.Removed, 0), (c.KbId, c.Kind, c.Chunks)));
        Assert.Empty(Replay(await store.Changes.ReadAfterAsync(doomed, 0)));
        Assert.Single(Replay(await store.Changes.ReadAfterAsync(kept, 0)));
    }

    [Fact]
    public async Task DocumentsWrittenWhileTheKnowledgeBaseIsDeletedAreGoneFromAReplicaToo()
    {
        await using var store = (PostgresStoreEngine)await StoreEngine.OpenAsync(StoreEngine.Postgres);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        using var written = new SemaphoreSlim(0);

        // Writers keep adding sources until the knowledge base is gone (then their writes are NotFound).
        Task<int>[] writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (int i = 0; ; i++)
            {
                try
                {
                    await store.Documents.ReplaceAsync(kb, $"w{w}-{i}", [ChunkStoreTests.Document($"w{w}-{i}", "文本。")]);
                    written.Release();
                }
                catch (ZhikuException ex) when (ex.Kind == ErrorKind.NotFound)
                {
                    return i;
                }
            }
        })).ToArray();
        for (int i = 0; i < 20; i++)
        {
            await written.WaitAsync();
        }

        Assert.True(await store.KnowledgeBases.DeleteAsync(kb));
        int[] counts = await Task.WhenAll(writers);

        Assert.True(counts.Sum() >= 20);
        Assert.Equal(0, await store.CountAsync($"SELECT COUNT(*) FROM documents WHERE kb_id = {kb}"));
        IReadOnlyList<ChunkChange> log = await store.Changes.ReadAfterAsync(kb, 0, limit: 100_000);
        Assert.Equal(counts.Sum(), log.Count(c => c.Kind == ChunkChangeKind.Added));
        Assert.Empty(Replay(log));
    }

    /// <summary>The documents a replica holds after applying <paramref name="log"/> in order.</summary>
    private static HashSet<long> Replay(IEnumerable<ChunkChange> log)
    {
        var documents = new HashSet<long>();
        foreach (ChunkChange change in log)
        {
            if (change.Kind == ChunkChangeKind.Added)
            {
                documents.Add(change.DocId);
            }
            else
            {
                documents.Remove(change.DocId);
            }
        }

        return documents;
    }
}
