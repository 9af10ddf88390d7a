using System.Security.Cryptography;
using Zhiku.Core.Indexing.Embeddings;
using Zhiku.Core.Indexing.Hybrid;
using Zhiku.Core.Indexing.Vectors;
using Zhiku.Core.Security;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Copy;
using Zhiku.Core.Storage.Postgres;
using Zhiku.Core.Tests.Indexing;
using Zhiku.Core.Tests.Indexing.Hybrid;
using Zhiku.Core.Tests.Storage.Postgres;

namespace Zhiku.Core.Tests.Storage.Copy;

/// <summary>An embedded store copied into PostgreSQL (<see cref="StoreCopy"/>): every table and the vectors, checked by
/// counts and checksums; resumable; the store's files unchanged; a database with other data refused.</summary>
public sealed class StoreCopyTests : IDisposable
{
    private readonly LoopbackEmbeddingServer _server = new();
    private readonly VectorTestStore _store = new();
    private readonly TempFolder _node = new();

    private EmbeddingSettings Model => new() { Provider = "openai", BaseUrl = _server.BaseUrl, Model = "embed-a", BatchSize = 16, Languages = ["en"] };

    [Fact]
    public async Task A_copy_holds_every_row_and_vector_and_a_node_searches_the_same_without_embedding()
    {
        long kbId = await FillStoreAsync();
        // The filling store's pooled connections closed first: the last one to close checkpoints the WAL into zhiku.db,
        // which would otherwise happen at a random moment during the copy and change the files the test compares.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Dictionary<string, string> before = Hashes(_store.Root);
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();

        IReadOnlyList<CopyCheck> checks = await StoreCopy.RunAsync(_store.Root, test.Url, null);

        Assert.All(checks, c => Assert.True(c.Matches, c.ToString()));
        Assert.Equal(before, Hashes(_store.Root));
        Assert.Equal(4, Check(checks, "documents").TargetRows);
        Assert.Equal(4, Check(checks, "chunk_vectors").TargetRows); // 3 embedded, 1 skipped (Chinese for an English model)
        Assert.Equal(1, Check(checks, "users").TargetRows);
        Assert.Equal(1, Check(checks, "vault").TargetRows);
        Assert.Equal(4L, await CountAsync(test, "SELECT COUNT(*) FROM changes WHERE kind = 'added';"));

        await using PostgresDatabase database = await PostgresDatabase.OpenAsync(test.Url);
        int requests = _server.Requests.Count;
        using var node = new KnowledgeBaseVectors(new PostgresChunkStore(database), PlainStorage.Instance, kbId, new StoreLayout(_node.Path), Model, enabled: true,
            stored: new PostgresVectorStore(database));
        Assert.Equal(DenseState.Ready, (await node.GetStatusAsync()).State);
        using KnowledgeBase embedded = await _store.OpenAsync(Model);
        foreach (string query in new[] { "annual leave", "spike proteins", "meeting minutes" })
        {
            IReadOnlyList<VectorHit> here = (await embedded.Vectors.SearchAsync(query, 4))!;
            IReadOnlyList<VectorHit> there = (await node.SearchAsync(query, 4))!;
            Assert.Equal(here.Select(h => h.ChunkId), there.Select(h => h.ChunkId));
        }

        // Only the three queries were embedded: no chunk.
        Assert.Equal(requests + 6, _server.Requests.Count);

        // New rows get ids after the copied ones.
        await using (PostgresDatabase again = await PostgresDatabase.OpenAsync(test.Url))
        {
            KnowledgeBaseInfo created = await new PostgresKnowledgeBaseStore(again).CreateAsync("later", Access.DataPolicy.Cloud);
            Assert.True(created.Id > kbId);
        }
    }

    [Fact]
    public async Task A_cancelled_copy_run_again_ends_with_the_same_rows_and_writes_nothing_the_third_time()
    {
        await FillStoreAsync();
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        using var cancel = new CancellationTokenSource();
        var stopAtChunks = new InlineProgress(p =>
        {
            if (p.Table == "chunks")
            {
                cancel.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => StoreCopy.RunAsync(_store.Root, test.Url, null, stopAtChunks, cancel.Token));
        Assert.Equal(4L, await CountAsync(test, "SELECT COUNT(*) FROM documents;"));
        Assert.Equal(0L, await CountAsync(test, "SELECT COUNT(*) FROM chunk_vectors;"));

        IReadOnlyList<CopyCheck> resumed = await StoreCopy.RunAsync(_store.Root, test.Url, null);
        Assert.All(resumed, c => Assert.True(c.Matches, c.ToString()));
        Assert.Equal(0, Check(resumed, "documents").Written);
        Assert.True(Check(resumed, "chunks").Written > 0);

        IReadOnlyList<CopyCheck> third = await StoreCopy.RunAsync(_store.Root, test.Url, null);
        Assert.All(third, c => Assert.Equal(0, c.Written));
        Assert.Equal(resumed.Select(c => (c.Table, c.TargetRows, c.TargetChecksum)), third.Select(c => (c.Table, c.TargetRows, c.TargetChecksum)));
        Assert.Equal(4L, await CountAsync(test, "SELECT COUNT(*) FROM changes;"));
    }

    [Fact]
    public async Task A_database_with_other_data_is_refused_and_a_changed_row_is_named_by_its_table()
    {
        await FillStoreAsync();
        await using PostgresTestDatabase other = await PostgresTestDatabase.CreateAsync();
        await using (PostgresDatabase database = await PostgresDatabase.OpenAsync(other.Url))
        {
            await new PostgresKnowledgeBaseStore(database).CreateAsync("hr", Access.DataPolicy.Cloud);
        }

        ZhikuException taken = await Assert.ThrowsAsync<ZhikuException>(() => StoreCopy.RunAsync(_store.Root, other.Url, null));
        Assert.Equal(ErrorKind.Conflict, taken.Kind);
        Assert.Contains("already holds data", taken.Message);
        Assert.Equal(1L, await CountAsync(other, "SELECT COUNT(*) FROM kbs;"));

        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        await StoreCopy.RunAsync(_store.Root, test.Url, null);
        await test.ScalarAsync("UPDATE chunks SET text = 'changed' WHERE id = (SELECT MIN(id) FROM chunks);");
        ZhikuException changed = await Assert.ThrowsAsync<ZhikuException>(() => StoreCopy.RunAsync(_store.Root, test.Url, null));
        Assert.Contains("table chunks differs", changed.Message);

        ZhikuException missing = await Assert.ThrowsAsync<ZhikuException>(() => StoreCopy.RunAsync(Path.Combine(_node.Path, "none"), test.Url, null));
        Assert.Equal(ErrorKind.InvalidInput, missing.Kind);
    }

    [Fact]
    public async Task An_encrypted_store_stays_encrypted_under_its_key_and_needs_it()
    {
        EncryptionKey key = EncryptionKey.Generate();
        ZhikuStore store = ZhikuStore.Open(_store.Root, key);
        using (KnowledgeBase kb = await store.OpenKnowledgeBaseAsync("kb", create: true, new RetrievalConfiguration { Embedding = Model }))
        {
            await VectorTestStore.IngestAsync(kb, "alpha report on spike proteins", "beta notes on annual leave");
            await kb.UpdateVectorsAsync();
        }

        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        ZhikuException noKey = await Assert.ThrowsAsync<ZhikuException>(() => StoreCopy.RunAsync(_store.Root, test.Url, null));
        Assert.Equal(ErrorKind.Forbidden, noKey.Kind);

        IReadOnlyList<CopyCheck> checks = await StoreCopy.RunAsync(_store.Root, test.Url, key);
        Assert.All(checks, c => Assert.True(c.Matches, c.ToString()));
        Assert.StartsWith("enc:", (string)(await test.ScalarAsync("SELECT text FROM chunks LIMIT 1;"))!);
        Assert.StartsWith("enc:", (string)(await test.ScalarAsync("SELECT vector FROM chunk_vectors LIMIT 1;"))!);
    }

    /// <summary>Four documents with vectors (one skipped), a user, a chat and a vault file in the embedded store.</summary>
    private async Task<long> FillStoreAsync()
    {
        using KnowledgeBase kb = await _store.OpenAsync(Model);
        await VectorTestStore.IngestAsync(kb, "alpha report on spike proteins", "beta notes on annual leave", "gamma minutes of the meeting", "年假制度与请假流程说明");
        VectorUpdateResult result = await kb.UpdateVectorsAsync();
        Assert.Equal(1, result.Skipped);
        ZhikuStore store = kb.Store;
        var user = await new Zhiku.Core.Storage.Sqlite.SqliteUserStore(store.Metadata).CreateAsync("alice", "admin", []);
        await new Zhiku.Core.Storage.Sqlite.SqliteChatStore(store.Metadata).CreateAsync(user.Id, kb.Info.Id, "first chat");
        await store.Vault.SaveAsync("session-1", [1, 2, 3, 4], VaultBlob.None);
        return kb.Info.Id;
    }

    private static CopyCheck Check(IReadOnlyList<CopyCheck> checks, string table) => checks.Single(c => c.Table == table);

    private static async Task<long> CountAsync(PostgresTestDatabase test, string sql) =>
        Convert.ToInt64(await test.ScalarAsync(sql), System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Hashes(string root) => Directory.GetFiles(root, "*", SearchOption.AllDirectories)
        .Where(f => !f.EndsWith("-shm", StringComparison.Ordinal))
        .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    public void Dispose()
    {
        _server.Dispose();
        _store.Dispose();
        _node.Dispose();
    }

    private sealed class InlineProgress(Action<CopyProgress> report) : IProgress<CopyProgress>
    {
        public void Report(CopyProgress value) => report(value);
    }
}
