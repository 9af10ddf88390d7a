using Zhiku.Core.Indexing;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Tests.Indexing;

public sealed class KeywordProximityTests
{
    [Fact]
    public void EnglishWordsStandingTogetherRankAboveTheSameWordsApart()
    {
        using var temp = new TempFolder();
        using var index = new FullTextIndex(temp.Path);
        // Same words, same length: only their distance differs.
        index.AddChunks(
        [
            Chunk(1, "the protein on the surface binds the receptor and a spike in cases followed"),
            Chunk(2, "the spike protein on the surface binds the receptor and cases in a followed"),
        ]);
        index.Commit();

        IReadOnlyList<KeywordHit> hits = index.Search("what does the spike protein bind", 2);
        Assert.Equal(2, hits[0].ChunkId);
        Assert.True(hits[0].Score > hits[1].Score);
    }

    private static ChunkRecord Chunk(long id, string text) => new(id, id, 0, "", null, 0, text.Length, text, "t", null, null);
}
