using Zhiku.Core.Storage;

namespace Zhiku.Core.Tests.Storage.Postgres;

/// <summary>The document store records every chunk change in the change log, in the transaction that makes it, so a
/// replica that applies the log in order holds exactly the store's chunks.</summary>
public sealed class PostgresDocumentChangesTests
{
    [Fact]
    public async Task WritesReplacementsAndDeletesAreLoggedInOrderAndAFailedWriteLogsNothing()
    {
        await using var store = (PostgresStoreEngine)await StoreEngine.OpenAsync(StoreEngine.Postgres);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        long other = await store.CreateKnowledgeBaseAsync("other");

        (_, IReadOnlyList<long> a) = await store.Documents.ReplaceAsync(kb, "a", [ChunkStoreTests.Document("a", "甲一。", "甲二。")]);
        (IReadOnlyList<long> gone, IReadOnlyList<long> a2) = await store.Documents.ReplaceAsync(kb, "a", [ChunkStoreTests.Document("a", "甲三。")]);
        await store.Documents.ReplaceBatchAsync(other, [("b", [ChunkStoreTests.Document("b", "乙。")]), ("c", [ChunkStoreTests.Document("c", "丙。")])]);
        Assert.True(await store.Documents.DeleteAsync(kb, a2[0]));
        Assert.False(await store.Documents.DeleteAsync(kb, a2[0]));
        // Conflict: the record key "b" belongs to another source; nothing is written, so nothing is logged.
        await Assert.ThrowsAsync<ZhikuException>(() => store.Documents.ReplaceAsync(other, "x", [ChunkStoreTests.Document("b", "冲突。")]));

        IReadOnlyList<ChunkChange> log = await store.Changes.ReadAfterAsync(null, 0);
        Assert.Equal(gone, a);
        Assert.Equal(
            [(1L, kb, a[0], ChunkChangeKind.Added, 2), (2, kb, a[0], ChunkChangeKind.Removed, 0), (3, kb, a2[0], ChunkChangeKind.Added, 1),
             (4, other, a2[0] + 1, ChunkChangeKind.Added, 1), (5, other, a2[0] + 2, ChunkChangeKind.Added, 1), (6, kb, a2[0], ChunkChangeKind.Removed, 0)],
            log.Select(c => (c.Seq, c.KbId, c.DocId, c.Kind, c.Chunks)));
        Assert.Equal([4L, 5], (await store.Changes.ReadAfterAsync(other, 0)).Select(c => c.Seq));
        Assert.Equal(6, await store.Changes.LastSeqAsync());
    }

    [Fact]
    public async Task AReplicaApplyingTheLogInOrderHoldsTheStoresChunks()
    {
        await using var store = (PostgresStoreEngine)await StoreEngine.OpenAsync(StoreEngine.Postgres);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        var random = new Random(7);
        var replica = new Dictionary<long, List<long>>();
        long applied = 0;
        for (int step = 0; step < 40; step++)
        {
            string source = "s" + random.Next(6);
            if (random.Next(4) == 0)
            {
                foreach (Zhiku.Core.Storage.DocumentInfo document in await store.Documents.FindBySourceAsync(kb, source))
                {
                    await store.Documents.DeleteAsync(kb, document.Id);
                }
            }
            else
            {
                string[] texts = Enumerable.Range(0, random.Next(0, 4)).Select(i => $"{source}-{step}-{i}。").ToArray();
                await store.Documents.ReplaceAsync(kb, source, [ChunkStoreTests.Document(source, texts)]);
            }

            // Follow now and then, in small pages, as a node woken late would.
            if (random.Next(3) == 0)
            {
                applied = await ApplyAsync(store, kb, replica, applied);
            }
        }

        await ApplyAsync(store, kb, replica, applied);
        Assert.Equal(await store.Chunks.ListIdsAsync(kb), replica.Values.SelectMany(ids => ids).Order());
    }

    private static async Task<long> ApplyAsync(PostgresStoreEngine store, long kb, Dictionary<long, List<long>> replica, long after)
    {
        while (await store.Changes.ReadAfterAsync(kb, after, limit: 3) is { Count: > 0 } page)
        {
            foreach (ChunkChange change in page)
            {
                replica.Remove(change.DocId);
                if (change.Kind == ChunkChangeKind.Added)
                {
                    replica[change.DocId] = [.. (await store.Chunks.GetOfDocumentsAsync([change.DocId])).Select(c => c.Id)];
                }

                after = change.Seq;
            }
        }

        return after;
    }
}
