using System.Numerics.Tensors;
using Zhiku.Core.Indexing.Vectors;

namespace Zhiku.Core.Tests.Indexing;

public sealed class VectorIndexTests
{
    private static readonly VectorSpace Space = new("test:random", 64);

    [Fact]
    public void Exact_search_returns_the_true_nearest_neighbours()
    {
        var (ids, vectors) = RandomVectors(500, Space.Dimensions, seed: 1);
        using var index = new ExactVectorIndex(Space);
        index.Upsert(ids, vectors);
        var query = vectors[42];

        var hits = index.Search(query.Span, 5);

        Assert.Equal(5, hits.Count);
        Assert.Equal(ids[42], hits[0].ChunkId);
        Assert.Equal(1f, hits[0].Score, 4);
        var expected = BruteForce(ids, vectors, query.Span, 5);
        Assert.Equal(expected, hits.Select(h => h.ChunkId));
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public void Exact_and_hnsw_agree_on_the_top_10_of_2000_vectors()
    {
        var space = new VectorSpace("test:random", 384);
        var (ids, vectors) = RandomVectors(2000, space.Dimensions, seed: 2);
        using var exact = new ExactVectorIndex(space);
        using var hnsw = new HnswVectorIndex(space);
        exact.Upsert(ids, vectors);
        hnsw.Upsert(ids, vectors);
        var (_, queries) = RandomVectors(50, space.Dimensions, seed: 3);

        int agreed = 0;
        foreach (var q in queries)
        {
            var truth = exact.Search(q.Span, 10).Select(h => h.ChunkId).ToHashSet();
            var approx = hnsw.Search(q.Span, 10);
            agreed += approx.Count(h => truth.Contains(h.ChunkId));
        }

        double recall = agreed / (50.0 * 10);
        Assert.True(recall >= 0.98, $"recall@10 {recall}");
        Assert.Equal(2000, hnsw.Count);
        // Scores are cosine similarities in both engines.
        var top = hnsw.Search(vectors[7].Span, 1);
        Assert.Equal(ids[7], top[0].ChunkId);
        Assert.Equal(1f, top[0].Score, 3);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Upsert_replaces_and_remove_deletes(bool useHnsw)
    {
        using IVectorIndex index = useHnsw ? new HnswVectorIndex(Space) : new ExactVectorIndex(Space);
        var (ids, vectors) = RandomVectors(100, Space.Dimensions, seed: 4);
        index.Upsert(ids, vectors);

        index.Upsert([ids[0]], [vectors[99]]); // chunk 0 now carries chunk 99's vector
        bool removed = index.Remove(ids[99]);
        bool removedAgain = index.Remove(ids[99]);
        var hits = index.Search(vectors[99].Span, 1);

        Assert.True(removed);
        Assert.False(removedAgain);
        Assert.Equal(99, index.Count);
        Assert.False(index.Contains(ids[99]));
        Assert.Equal(ids[0], hits[0].ChunkId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Save_and_load_round_trip(bool useHnsw)
    {
        using var folder = new TempFolder();
        var (ids, vectors) = RandomVectors(300, Space.Dimensions, seed: 5);
        List<VectorHit> before;
        using (IVectorIndex index = useHnsw ? new HnswVectorIndex(Space) : new ExactVectorIndex(Space))
        {
            index.Upsert(ids, vectors);
            index.Remove(ids[10]);
            before = [.. index.Search(vectors[20].Span, 10)];
            await index.SaveAsync(folder.Path);
        }

        using var loaded = await VectorIndexStore.LoadAsync(folder.Path, Space);

        Assert.NotNull(loaded);
        Assert.Equal(useHnsw, loaded is HnswVectorIndex);
        Assert.Equal(299, loaded.Count);
        Assert.False(loaded.Contains(ids[10]));
        Assert.Equal(before.Select(h => h.ChunkId), loaded.Search(vectors[20].Span, 10).Select(h => h.ChunkId));
        // A loaded index keeps accepting vectors (HNSW capacity is reserved again).
        loaded.Upsert([123_456_789L], [vectors[0]]);
        Assert.Equal(300, loaded.Count);
    }

    [Fact]
    public async Task Loading_another_models_vectors_is_refused()
    {
        using var folder = new TempFolder();
        using (var index = new ExactVectorIndex(Space))
        {
            index.Upsert([1L], [new float[Space.Dimensions]]);
            await index.SaveAsync(folder.Path);
        }

        var otherModel = await Assert.ThrowsAsync<VectorSpaceMismatchException>(
            () => VectorIndexStore.LoadAsync(folder.Path, Space with { ModelId = "builtin:all-MiniLM-L6-v2" }));
        var otherDims = await Assert.ThrowsAsync<VectorSpaceMismatchException>(
            () => AdaptiveVectorIndex.OpenAsync(folder.Path, Space with { Dimensions = 32 }));

        Assert.Contains("test:random", otherModel.Message);
        Assert.Contains("builtin:all-MiniLM-L6-v2", otherModel.Message);
        Assert.Contains("重新生成向量", otherModel.Message);
        Assert.Equal(Space, otherDims.Stored);
        Assert.Equal(await VectorIndexStore.ReadSpaceAsync(folder.Path), Space);
    }

    [Fact]
    public void Vector_of_another_dimension_is_refused()
    {
        using var index = new AdaptiveVectorIndex(Space);

        var ex = Assert.Throws<ArgumentException>(() => index.Upsert([1L], [new float[Space.Dimensions + 1]]));
        Assert.Throws<ArgumentException>(() => index.Search(new float[3], 1));

        Assert.Contains("test:random", ex.Message);
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public async Task Damaged_index_file_gives_a_user_error()
    {
        using var folder = new TempFolder();
        using (var index = new ExactVectorIndex(Space))
        {
            index.Upsert([1L, 2L], [new float[Space.Dimensions], new float[Space.Dimensions]]);
            await index.SaveAsync(folder.Path);
        }

        var data = folder.Combine("vectors.bin");
        File.WriteAllBytes(data, File.ReadAllBytes(data)[..40]);

        var ex = await Assert.ThrowsAsync<ZhikuException>(() => VectorIndexStore.LoadAsync(folder.Path, Space));
        Assert.Contains("vectors.bin", ex.Message);
    }

    [Fact]
    public async Task Adaptive_index_switches_to_hnsw_above_the_threshold_and_saves_as_hnsw()
    {
        using var folder = new TempFolder();
        var (ids, vectors) = RandomVectors(400, Space.Dimensions, seed: 6);
        using var index = new AdaptiveVectorIndex(Space, new VectorIndexOptions { ExactThreshold = 250 });

        index.Upsert(ids[..200], vectors[..200]);
        bool approximateAt200 = index.IsApproximate;
        index.Upsert(ids[200..], vectors[200..]);
        await index.SaveAsync(folder.Path);
        using var reopened = await AdaptiveVectorIndex.OpenAsync(folder.Path, Space);

        Assert.False(approximateAt200);
        Assert.True(index.IsApproximate);
        Assert.Equal(400, index.Count);
        Assert.Equal(ids[300], index.Search(vectors[300].Span, 1)[0].ChunkId);
        Assert.True(reopened.IsApproximate);
        Assert.True(File.Exists(folder.Combine("index.usearch")));
        Assert.False(File.Exists(folder.Combine("vectors.bin")));
    }

    [Fact]
    public void Hnsw_handles_concurrent_searches_beyond_the_core_count()
    {
        var (ids, vectors) = RandomVectors(1000, Space.Dimensions, seed: 7);
        using var index = new HnswVectorIndex(Space);
        index.Upsert(ids, vectors);
        // The graph is approximate (uniform random vectors are its worst case), so compare concurrent searches with
        // the same searches run one by one: concurrency must not change a single result.
        long[] sequential = Enumerable.Range(0, 400).Select(i => index.Search(vectors[i % 1000].Span, 1)[0].ChunkId).ToArray();
        int differ = 0;

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 4 }, i =>
        {
            if (index.Search(vectors[i % 1000].Span, 1)[0].ChunkId != sequential[i])
            {
                Interlocked.Increment(ref differ);
            }
        });

        Assert.Equal(0, differ);
        Assert.True(sequential.Where((id, i) => id == ids[i % 1000]).Count() >= 390, "self-recall of the graph below 0.975");
    }

    [Fact]
    public void Hnsw_k_larger_than_expansion_still_returns_k()
    {
        var (ids, vectors) = RandomVectors(600, Space.Dimensions, seed: 8);
        using var index = new HnswVectorIndex(Space, new VectorIndexOptions { ExpansionSearch = 16 });
        index.Upsert(ids, vectors);

        Assert.Equal(200, index.Search(vectors[0].Span, 200).Count);
    }

    internal static (long[] Ids, ReadOnlyMemory<float>[] Vectors) RandomVectors(int count, int dims, int seed)
    {
        var random = new Random(seed);
        var ids = new long[count];
        var vectors = new ReadOnlyMemory<float>[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = 1_000_000_000_000L + i * 7;
            var v = new float[dims];
            for (int d = 0; d < dims; d++)
            {
                v[d] = (float)(random.NextDouble() * 2 - 1);
            }

            TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
            vectors[i] = v;
        }

        return (ids, vectors);
    }

    private static List<long> BruteForce(long[] ids, ReadOnlyMemory<float>[] vectors, ReadOnlySpan<float> query, int k)
    {
        var scored = new List<(long Id, float Score)>();
        for (int i = 0; i < ids.Length; i++)
        {
            scored.Add((ids[i], TensorPrimitives.CosineSimilarity(query, vectors[i].Span)));
        }

        return [.. scored.OrderByDescending(s => s.Score).Take(k).Select(s => s.Id)];
    }
}
