using Microsoft.Data.Sqlite;
using Zhiku.Core.Chunking;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Storage;

/// <summary>The reads, the index backlog and the failure contract of <see cref="IChunkStore"/> over SQLite.</summary>
public sealed class SqliteChunkStoreTests
{
    private static NewDocument Document(string key, params string[] chunkTexts)
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

    [Fact]
    public async Task ChunksAreReadInTheAskedOrderAndTheBacklogClearsOnlyWhenMarked()
    {
        using var temp = new TempFolder();
        MetadataStore metadata = MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db"));
        KnowledgeBaseInfo kb = metadata.CreateKnowledgeBase("kb", "cloud");
        IChunkStore chunks = new SqliteChunkStore(metadata);
        (_, IReadOnlyList<long> first) = await new SqliteDocumentStore(metadata).ReplaceAsync(kb.Id, "a", [Document("a", "甲一。", "甲二。")]);
        (_, IReadOnlyList<long> second) = await new SqliteDocumentStore(metadata).ReplaceAsync(kb.Id, "b", [Document("b", "乙一。")]);
        long a = first[0], b = second[0];

        IndexBacklog backlog = await chunks.GetBacklogAsync(kb.Id);
        Assert.Equal([a, b], backlog.Pending);
        Assert.Empty(backlog.Tombstones);

        IReadOnlyList<ChunkRecord> all = await chunks.GetOfDocumentsAsync([b, a]);
        Assert.Equal(["甲一。", "甲二。", "乙一。"], all.Select(c => c.Text));
        Assert.Equal(("标题 > a", 2, "Title a", "a"), (all[1].HeadingPath, all[1].Page, all[1].Title, all[1].ExternalId));
        IReadOnlyList<long> ids = await chunks.ListIdsAsync(kb.Id);
        Assert.Equal(all.Select(c => c.Id).Order(), ids);
        Assert.Equal(["乙一。", "甲一。"], (await chunks.GetAsync([ids[2], 999_999, ids[0]])).Select(c => c.Text));
        Assert.Empty(await chunks.GetAsync([]));

        await chunks.MarkIndexedAsync(kb.Id, [a, b], []);
        Assert.True((await chunks.GetBacklogAsync(kb.Id)).IsEmpty);

        Assert.True(await new SqliteDocumentStore(metadata).DeleteAsync(kb.Id, a));
        IndexBacklog deleted = await chunks.GetBacklogAsync(kb.Id);
        Assert.Empty(deleted.Pending);
        Assert.Equal([a], deleted.Tombstones);
        Assert.Equal([ids[2]], await chunks.ListIdsAsync(kb.Id));
        await chunks.MarkIndexedAsync(kb.Id, [], [a]);
        Assert.True((await chunks.GetBacklogAsync(kb.Id)).IsEmpty);

        Assert.Equal(1, await chunks.MarkAllUnindexedAsync(kb.Id));
        Assert.Equal([b], (await chunks.GetBacklogAsync(kb.Id)).Pending);
        Assert.Equal(0, await chunks.MarkAllUnindexedAsync(404));
    }

    [Fact]
    public async Task EncryptedChunkTextWithoutAKeyIsForbidden()
    {
        using var temp = new TempFolder();
        string db = Path.Combine(temp.Path, "zhiku.db");
        MetadataStore metadata = MetadataStore.Open(db);
        KnowledgeBaseInfo kb = metadata.CreateKnowledgeBase("kb", "cloud");
        (_, IReadOnlyList<long> added) = await new SqliteDocumentStore(metadata).ReplaceAsync(kb.Id, "a", [Document("a", "甲一。")]);
        // Text written under a key, in a store opened without one.
        using (var connection = new SqliteConnection($"Data Source={db}"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "UPDATE chunks SET text = 'enc:AAAA';";
            command.ExecuteNonQuery();
        }

        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => new SqliteChunkStore(metadata).GetOfDocumentsAsync(added));
        Assert.Equal(ErrorKind.Forbidden, ex.Kind);
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

    [Fact]
    public async Task ACancelledCallThrowsOperationCanceledAndChangesNothing()
    {
        using var temp = new TempFolder();
        MetadataStore metadata = MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db"));
        KnowledgeBaseInfo kb = metadata.CreateKnowledgeBase("kb", "cloud");
        (_, IReadOnlyList<long> added) = await new SqliteDocumentStore(metadata).ReplaceAsync(kb.Id, "a", [Document("a", "甲一。")]);
        IChunkStore chunks = new SqliteChunkStore(metadata);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chunks.MarkIndexedAsync(kb.Id, added, [], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chunks.GetAsync([1], cancelled.Token));
        Assert.Equal(added, (await chunks.GetBacklogAsync(kb.Id)).Pending);
    }
}
