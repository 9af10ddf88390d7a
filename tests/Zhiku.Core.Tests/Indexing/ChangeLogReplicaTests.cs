using Zhiku.Core.Indexing;
using Zhiku.Core.Storage;
using Zhiku.Core.Tests.Storage;

namespace Zhiku.Core.Tests.Indexing;

/// <summary>A node's replica follows PostgreSQL's change log from the position it saved, and is rebuilt from the store's
/// chunks when it cannot be caught up change by change.</summary>
public sealed class ChangeLogReplicaTests
{
    [Fact]
    public async Task TwoReplicasOfOneKnowledgeBaseFollowTheLogToTheStoresChunks()
    {
        await using var store = (PostgresStoreEngine)await StoreEngine.OpenAsync(StoreEngine.Postgres);
        using var folders = new TempFolder();
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        long other = await store.CreateKnowledgeBaseAsync("other");
        var indexA = new CommittedChunkIndex();
        var indexB = new CommittedChunkIndex();
        using var a = new ChangeLogReplica(store.Changes, store.Chunks, kb, folders.Combine("a"), [indexA]);
        using var b = new ChangeLogReplica(store.Changes, store.Chunks, kb, folders.Combine("b"), [indexB]);
        await a.RepairAsync();
        await b.RepairAsync();

        var random = new Random(11);
        for (int step = 0; step < 60; step++)
        {
            string source = "s" + random.Next(8);
            if (random.Next(4) == 0)
            {
                foreach (DocumentInfo document in await store.Documents.FindBySourceAsync(kb, source))
                {
                    await store.Documents.DeleteAsync(kb, document.Id);
                }
            }
            else
            {
                string[] texts = [.. Enumerable.Range(0, random.Next(0, 4)).Select(i => $"{source}-{step}-{i}。")];
                await store.Documents.ReplaceAsync(kb, source, [ChunkStoreTests.Document(source, texts)]);
            }

            // Another knowledge base's writes are in the same log and must not reach this one's replica.
            await store.Documents.ReplaceAsync(other, "o" + step, [ChunkStoreTests.Document("o" + step, "别的。")]);
            if (random.Next(3) == 0)
            {
                await (random.Next(2) == 0 ? a : b).ApplyBacklogAsync();
            }
        }

        await a.ApplyBacklogAsync();
        await b.ApplyBacklogAsync();
        IReadOnlyList<long> stored = await store.Chunks.ListIdsAsync(kb);
        Assert.NotEmpty(stored);
        Assert.Equal(stored, indexA.ChunkIds);
        Assert.Equal(stored, indexB.ChunkIds);
        long last = await store.Changes.LastSeqAsync();
        Assert.Equal(last, a.AppliedSeq);
        Assert.Equal(last, b.AppliedSeq);
        Assert.Equal(0, (await store.Changes.LagAsync(kb, b.AppliedSeq)).Changes);
        // Each was built once, when it had no position, and then only caught up.
        Assert.Equal((1, 1), (a.Rebuilds, b.Rebuilds));
        Assert.Equal(new ReplicaPosition((await store.Changes.HeadAsync()).Origin, last), ReplicaPosition.Read(folders.Combine("b", ReplicaPosition.FileName)));
    }

    [Fact]
    public async Task AReopenedReplicaCatchesUpFromItsPositionWithoutARebuild()
    {
        await using var store = (PostgresStoreEngine)await StoreEngine.OpenAsync(StoreEngine.Postgres);
        using var folders = new TempFolder();
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        await store.Documents.ReplaceAsync(kb, "a", [ChunkStoreTests.Document("a", "甲。", "乙。")]);
        var index = new CommittedChunkIndex();
        using (var first = new ChangeLogReplica(store.Changes, store.Chunks, kb, folders.Path, [index]))
        {
            await first.RepairAsync();
        }

        // The node was down while these were written.
        await store.Documents.ReplaceAsync(kb, "a", [ChunkStoreTests.Document("a", "丙。")]);
        await store.Documents.ReplaceAsync(kb, "b", [ChunkStoreTests.Document("b", "丁。")]);
        ChangeLogLag lag = await store.Changes.LagAsync(kb, 1);
        Assert.Equal((4L, 3L), (lag.LatestSeq, lag.Changes));

        using var reopened = new ChangeLogReplica(store.Changes, store.Chunks, kb, folders.Path, [index]);
        await reopened.RepairAsync();
        Assert.Equal(0, reopened.Rebuilds);
        Assert.Equal(1, index.Clears);
        Assert.Equal(await store.Chunks.ListIdsAsync(kb), index.ChunkIds);
        Assert.Equal(4, reopened.AppliedSeq);
    }

    [Fact]
    public async Task AReplicaIsRebuiltWhenItsFolderIsGoneItsPositionNamesAnotherDatabaseOrTheLogNoLongerKeepsWhatItNeeds()
    {
        await using var store = (PostgresStoreEngine)await StoreEngine.OpenAsync(StoreEngine.Postgres);
        using var folders = new TempFolder();
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        await store.Documents.ReplaceAsync(kb, "a", [ChunkStoreTests.Document("a", "甲。")]);
        string folder = folders.Combine("kb");
        string positionFile = Path.Combine(folder, ReplicaPosition.FileName);
        var index = new CommittedChunkIndex();

        async Task<ChangeLogReplica> OpenAsync()
        {
            var replica = new ChangeLogReplica(store.Changes, store.Chunks, kb, folder, [index]);
            await replica.RepairAsync();
            return replica;
        }

        using (ChangeLogReplica fresh = await OpenAsync())
        {
            Assert.Equal("no position saved", fresh.LastRebuildReason);
        }

        // Another database: same numbers, other identity.
        ReplicaPosition saved = ReplicaPosition.Read(positionFile)!;
        (saved with { Origin = "another" }).Save(positionFile);
        using (ChangeLogReplica moved = await OpenAsync())
        {
            Assert.Equal((1, "made from another database"), (moved.Rebuilds, moved.LastRebuildReason));
        }

        // The log was pruned past the replica's position: the change of "b" is gone, so catching up would miss it.
        await store.Documents.ReplaceAsync(kb, "b", [ChunkStoreTests.Document("b", "乙。")]);
        await store.Documents.ReplaceAsync(kb, "c", [ChunkStoreTests.Document("c", "丙。")]);
        await store.ExecuteAsync("DELETE FROM changes WHERE seq <= 2;");
        using (ChangeLogReplica behind = await OpenAsync())
        {
            Assert.Equal((1, "further behind than the change log keeps"), (behind.Rebuilds, behind.LastRebuildReason));
            Assert.Equal(await store.Chunks.ListIdsAsync(kb), index.ChunkIds);
            Assert.Equal(3, index.ChunkIds.Count);
        }

        // A broken index, and a position above the log (a database restored from an older backup).
        index.Broken = true;
        using (ChangeLogReplica broken = await OpenAsync())
        {
            Assert.Equal("an index needs a rebuild", broken.LastRebuildReason);
        }

        (ReplicaPosition.Read(positionFile)! with { Applied = 99 }).Save(positionFile);
        using (ChangeLogReplica ahead = await OpenAsync())
        {
            Assert.Equal("ahead of the change log", ahead.LastRebuildReason);
            Assert.Equal(3, ahead.AppliedSeq);
        }

        Directory.Delete(folder, recursive: true);
        using (ChangeLogReplica gone = await OpenAsync())
        {
            Assert.Equal("no position saved", gone.LastRebuildReason);
            Assert.Equal(await store.Chunks.ListIdsAsync(kb), index.ChunkIds);
        }
    }
}
