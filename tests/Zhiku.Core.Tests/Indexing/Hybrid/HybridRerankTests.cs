using Zhiku.Core.Indexing.Embeddings;
using Zhiku.Core.Indexing.Hybrid;
using Zhiku.Core.Indexing.Reranking;

namespace Zhiku.Core.Tests.Indexing.Hybrid;

public sealed class HybridRerankTests
{
    [Fact]
    public async Task TheCrossEncoderReordersKeywordResultsAndIsExplained()
    {
        using var store = new VectorTestStore();
        using KnowledgeBase kb = await store.OpenAsync(EmbeddingSettings.None);
        await VectorTestStore.IngestAsync(kb, "年假 年假 年假 的规定很多", "员工年假为十五天，可分次休完。", "食堂中午开饭");
        var searcher = new HybridSearcher(kb.Index, kb.Vectors, kb.Store.Chunks, new RetrievalSettings(), new ContainsScorer("十五天"));

        var results = await searcher.SearchAsync("年假", 2, useDense: true, _ => true);

        Assert.Equal("doc2", results[0].Chunk.ExternalId);
        Assert.Equal(1f, results[0].Explanation!.RerankScore);
        Assert.Equal(2, results[0].Explanation!.KeywordRank);
        Assert.Equal(0f, results[1].Explanation!.RerankScore);
    }

    /// <summary>Scores 1 for passages containing a marker, else 0.</summary>
    private sealed class ContainsScorer(string marker) : ICrossEncoder
    {
        public Task<IReadOnlyList<float>> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<float>>([.. passages.Select(p => p.Contains(marker, StringComparison.Ordinal) ? 1f : 0f)]);
    }
}
