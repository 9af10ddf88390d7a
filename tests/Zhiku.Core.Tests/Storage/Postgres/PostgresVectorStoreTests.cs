using Zhiku.Core.Indexing.Embeddings;
using Zhiku.Core.Indexing.Hybrid;
using Zhiku.Core.Indexing.Vectors;
using Zhiku.Core.Security;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Postgres;
using Zhiku.Core.Tests.Indexing;

namespace Zhiku.Core.Tests.Storage.Postgres;

/// <summary>Chunk vectors kept in PostgreSQL: written by the node that embeds, taken by a node whose folder is missing
/// instead of embedding again, gone with their chunk, encrypted under the store key.</summary>
public sealed class PostgresVectorStoreTests : IDisposable
{
    private readonly LoopbackEmbeddingServer _server = new();
    private readonly TempFolder _nodeA = new();
    private readonly TempFolder _nodeB = new();

    [Fact]
    public async Task Vectors_read_back_as_saved_skips_count_only_for_their_languages_and_go_with_their_chunk()
    {
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        await using PostgresDatabase database = await PostgresDatabase.OpenAsync(test.Url);
        long kb = (await new PostgresKnowledgeBaseStore(database).CreateAsync("kb", Access.DataPolicy.Cloud)).Id;
        var documents = new PostgresDocumentStore(database);
        await documents.ReplaceAsync(kb, "a", [ChunkStoreTests.Document("a", "甲一。", "甲二。", "甲三。")]);
        IReadOnlyList<long> ids = await new PostgresChunkStore(database).ListIdsAsync(kb);
        var store = new PostgresVectorStore(database);

        await store.SaveAsync(kb, "m", "en", [new StoredVector(ids[0], new[] { 0.25f, -1.5f, 3f }), new StoredVector(ids[1], null),
            new StoredVector(999_999, new[] { 1f, 1f, 1f })]);

        IReadOnlyList<StoredVector> read = await store.ReadAsync(kb, "m", "en", null);
        Assert.Equal([ids[0], ids[1]], read.Select(v => v.ChunkId));
        Assert.Equal(new[] { 0.25f, -1.5f, 3f }, read[0].Vector!.Value.ToArray());
        Assert.True(read[1].Skipped);
        Assert.Equal([ids[0]], (await store.ReadAsync(kb, "m", "en,zh", null)).Select(v => v.ChunkId));
        Assert.Empty(await store.ReadAsync(kb, "other-model", "en", null));
        Assert.Equal([ids[0]], (await store.ReadAsync(kb, "m", "en", [ids[0], ids[2]])).Select(v => v.ChunkId));

        // A replacement of the same chunk and model overwrites it.
        await store.SaveAsync(kb, "m", "en", [new StoredVector(ids[0], new[] { 9f, 9f, 9f })]);
        Assert.Equal(new[] { 9f, 9f, 9f }, (await store.ReadAsync(kb, "m", "en", [ids[0]]))[0].Vector!.Value.ToArray());

        await documents.ReplaceAsync(kb, "a", []);
        Assert.Equal(0L, Convert.ToInt64(await test.ScalarAsync("SELECT COUNT(*) FROM chunk_vectors;"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task With_a_key_the_stored_vector_is_encrypted_and_reads_back()
    {
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        EncryptionKey key = EncryptionKey.Generate();
        await using PostgresDatabase database = await PostgresDatabase.OpenAsync(test.Url, key);
        long kb = (await new PostgresKnowledgeBaseStore(database).CreateAsync("kb", Access.DataPolicy.Cloud)).Id;
        await new PostgresDocumentStore(database).ReplaceAsync(kb, "a", [ChunkStoreTests.Document("a", "甲一。")]);
        long id = (await new PostgresChunkStore(database).ListIdsAsync(kb))[0];
        var store = new PostgresVectorStore(database);
        await store.SaveAsync(kb, "m", "en", [new StoredVector(id, new[] { 1f, 2f, 3f })]);

        string stored = (string)(await test.ScalarAsync("SELECT vector FROM chunk_vectors;"))!;
        Assert.StartsWith("enc:", stored);
        Assert.DoesNotContain(PostgresVectorStore.Encode(new[] { 1f, 2f, 3f }), stored);
        Assert.Equal(new[] { 1f, 2f, 3f }, (await store.ReadAsync(kb, "m", "en", null))[0].Vector!.Value.ToArray());
    }

    [Fact]
    public async Task A_node_without_vectors_takes_the_recorded_ones_instead_of_embedding_and_searches_the_same()
    {
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        await using PostgresDatabase database = await PostgresDatabase.OpenAsync(test.Url);
        long kb = (await new PostgresKnowledgeBaseStore(database).CreateAsync("kb", Access.DataPolicy.Cloud)).Id;
        string[] texts = ["alpha report on spike proteins", "beta notes on annual leave", "gamma minutes of the meeting", "年假制度与请假流程说明"];
        await new PostgresDocumentStore(database).ReplaceBatchAsync(kb,
            [.. texts.Select((t, i) => ("s" + i, (IReadOnlyList<NewDocument>)[ChunkStoreTests.Document("d" + i, t)]))]);
        var chunks = new PostgresChunkStore(database);
        var stored = new PostgresVectorStore(database);
        EmbeddingSettings model = new() { Provider = "openai", BaseUrl = _server.BaseUrl, Model = "embed-a", BatchSize = 16, Languages = ["en"] };

        using (KnowledgeBaseVectors a = Vectors(_nodeA, chunks, stored, kb, model))
        {
            VectorUpdateResult first = await a.UpdateAsync();
            Assert.Equal(3, first.Embedded);
            Assert.Equal(1, first.Skipped);
        }

        int requests = _server.Requests.Count;
        Assert.Equal(4L, Convert.ToInt64(await test.ScalarAsync("SELECT COUNT(*) FROM chunk_vectors;"), System.Globalization.CultureInfo.InvariantCulture));

        using KnowledgeBaseVectors b = Vectors(_nodeB, chunks, stored, kb, model);
        DenseStatus status = await b.GetStatusAsync();
        Assert.Equal(DenseState.Ready, status.State);
        Assert.Equal(3, status.Embedded);
        VectorUpdateResult none = await b.UpdateAsync();
        Assert.Equal(0, none.Embedded);
        Assert.Equal(requests, _server.Requests.Count);

        using KnowledgeBaseVectors again = Vectors(_nodeA, chunks, stored, kb, model);
        IReadOnlyList<VectorHit> fromA = (await again.SearchAsync("annual leave", 4))!;
        IReadOnlyList<VectorHit> fromB = (await b.SearchAsync("annual leave", 4))!;
        Assert.Equal(fromA.Select(h => h.ChunkId), fromB.Select(h => h.ChunkId));
        Assert.True(File.Exists(Path.Combine(new StoreLayout(_nodeB.Path).VectorsFolder(kb), "vectors.json")), "node B saved its replica");
    }

    private static KnowledgeBaseVectors Vectors(TempFolder folder, PostgresChunkStore chunks, PostgresVectorStore stored, long kb, EmbeddingSettings model) =>
        new(chunks, PlainStorage.Instance, kb, new StoreLayout(folder.Path), model, enabled: true, stored: stored);

    public void Dispose()
    {
        _server.Dispose();
        _nodeA.Dispose();
        _nodeB.Dispose();
    }
}
