using Zhiku.Core.Indexing.Vectors;
using Zhiku.Core.Security;

namespace Zhiku.Core.Tests.Security;

public sealed class EncryptedVectorTests
{
    private static readonly VectorSpace Space = new("test-model", 16);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SavedVectorsAreSealedAndLoadBackToTheSameResults(bool hnsw)
    {
        using var temp = new TempFolder();
        var options = new VectorIndexOptions { Files = new KeyedEncryption(EncryptionKey.Generate()), ExactThreshold = hnsw ? 10 : 20_000 };
        (long[] ids, ReadOnlyMemory<float>[] vectors) = Vectors(200);
        IReadOnlyList<VectorHit> before;
        using (var index = new AdaptiveVectorIndex(Space, options))
        {
            index.Upsert(ids, vectors);
            Assert.Equal(hnsw, index.IsApproximate);
            before = index.Search(vectors[42].Span, 5);
            await index.SaveAsync(temp.Path);
        }

        // The same index saved without a key, for what its files would hold in clear.
        using var plain = new TempFolder();
        using (var index = new AdaptiveVectorIndex(Space, options with { Files = PlainStorage.Instance }))
        {
            index.Upsert(ids, vectors);
            await index.SaveAsync(plain.Path);
        }

        foreach (string file in Directory.EnumerateFiles(temp.Path).Where(f => Path.GetFileName(f) != VectorIndexManifest.FileName))
        {
            byte[] content = await File.ReadAllBytesAsync(file);
            Assert.True(content.AsSpan().StartsWith("ZKB1"u8), file);
            byte[] clear = await File.ReadAllBytesAsync(Path.Combine(plain.Path, Path.GetFileName(file)));
            byte[] window = Enumerable.Range(0, clear.Length - 32).Reverse().Select(i => clear.AsSpan(i, 32).ToArray()).First(w => w.Distinct().Count() >= 4);
            Assert.Equal(-1, content.AsSpan().IndexOf(window));
        }

        using AdaptiveVectorIndex reopened = await AdaptiveVectorIndex.OpenAsync(temp.Path, Space, options);
        Assert.Equal(200, reopened.Count);
        Assert.Equal(before.Select(h => h.ChunkId), reopened.Search(vectors[42].Span, 5).Select(h => h.ChunkId));

        var wrongKey = new VectorIndexOptions { Files = new KeyedEncryption(EncryptionKey.Generate()), ExactThreshold = options.ExactThreshold };
        // Forbidden, not invalid input: the vector updater rebuilds damaged (invalid) files, never ones under another key.
        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => AdaptiveVectorIndex.OpenAsync(temp.Path, Space, wrongKey));
        Assert.Equal(ErrorKind.Forbidden, ex.Kind);
    }

    private static (long[] Ids, ReadOnlyMemory<float>[] Vectors) Vectors(int count)
    {
        var random = new Random(7);
        long[] ids = Enumerable.Range(1, count).Select(i => (long)i).ToArray();
        var vectors = new ReadOnlyMemory<float>[count];
        for (int i = 0; i < count; i++)
        {
            float[] v = new float[Space.Dimensions];
            for (int d = 0; d < v.Length; d++)
            {
                v[d] = (float)(random.NextDouble() - 0.5);
            }

            vectors[i] = v;
        }

        return (ids, vectors);
    }
}
