using Zhiku.Core.Indexing.Embeddings;
using Zhiku.Core.Indexing.Fusion;
using Zhiku.Core.Indexing.Hybrid;

namespace Zhiku.Core.Tests.Indexing.Hybrid;

/// <summary>Hybrid search end to end with the built-in model on a small corpus.</summary>
public sealed class HybridSearchTests : IDisposable
{
    private readonly VectorTestStore _store = new();

    [Fact]
    public async Task DenseFindsAParaphraseKeywordsMissAndChineseQueriesIgnoreTheEnglishModel()
    {
        using KnowledgeBase kb = await _store.OpenAsync(new EmbeddingSettings());
        await VectorTestStore.IngestAsync(kb,
            "The car would not start because the battery was dead; a jump start from another vehicle fixed it.",
            "Annual leave: employees get fifteen paid vacation days each year, taken in half days or more.",
            "The cafeteria serves lunch from noon until two in the afternoon on working days.",
            "试用期员工不享受带薪年假，转正后按剩余天数折算。");

        // Before the vectors exist, search is keyword-only and says why.
        var before = await kb.SearchAsync("holiday allowance for staff", 3);
        Assert.All(before, r => Assert.Null(r.Explanation!.DenseRank));

        VectorUpdateResult update = await kb.UpdateVectorsAsync();
        Assert.Equal(3, update.Embedded);
        Assert.Equal(1, update.Skipped); // the Chinese passage: the English model would only add noise
        Assert.Equal(DenseState.Ready, (await kb.Vectors.GetStatusAsync()).State);

        var results = await kb.SearchAsync("holiday allowance for staff", 3);
        Assert.Equal("doc2", results[0].Chunk.ExternalId);
        SearchExplanation top = results[0].Explanation!;
        Assert.Equal(1, top.DenseRank);
        Assert.NotNull(top.FusedScore);
        Assert.Equal(1, top.DenseWeight, 6);
        Assert.Contains("convex", top.DenseNote, StringComparison.Ordinal);

        var chinese = await kb.SearchAsync("试用期有年假吗", 3);
        Assert.Equal("doc4", chinese[0].Chunk.ExternalId);
        Assert.Equal(0, chinese[0].Explanation!.DenseWeight);
        Assert.Null(chinese[0].Explanation!.DenseRank);
        Assert.Equal(chinese[0].Explanation!.KeywordScore!.Value, chinese[0].Score, 3);
    }

    [Fact]
    public async Task AQueryTheModelCannotEmbedDoesNotReadTheVectors()
    {
        using (KnowledgeBase writer = await _store.OpenAsync(new EmbeddingSettings()))
        {
            await VectorTestStore.IngestAsync(writer,
                "Annual leave: employees get fifteen paid vacation days each year.",
                "试用期员工不享受带薪年假，转正后按剩余天数折算。");
            await writer.UpdateVectorsAsync();
        }

        using KnowledgeBase kb = await _store.OpenAsync(new EmbeddingSettings());
        var chinese = await kb.SearchAsync("试用期有年假吗", 2);
        Assert.Equal("doc2", chinese[0].Chunk.ExternalId);
        Assert.Contains("dense weight 0", chinese[0].Explanation!.DenseNote, StringComparison.Ordinal);
        var keywordOnly = await kb.SearchAsync("paid vacation days", 2, useDense: false);
        Assert.Equal("doc1", keywordOnly[0].Chunk.ExternalId);
        Assert.False(kb.Vectors.IsLoaded);

        var english = await kb.SearchAsync("paid vacation days", 2);
        Assert.Equal(1, english[0].Explanation!.DenseRank);
        Assert.True(kb.Vectors.IsLoaded);
    }

    [Fact]
    public async Task ReciprocalRankFusionCanBeChosenAndScalesTheDenseWeightByAgreement()
    {
        using KnowledgeBase kb = await _store.OpenAsync(new EmbeddingSettings(), denseWeight: 1.0, FusionMethod.Rrf);
        await VectorTestStore.IngestAsync(kb,
            "Annual leave: employees get fifteen paid vacation days each year.",
            "The cafeteria serves lunch from noon until two in the afternoon.",
            "Parking permits for staff are issued by the front desk.");
        await kb.UpdateVectorsAsync();

        var results = await kb.SearchAsync("paid vacation days for employees", 3);
        Assert.Equal("doc1", results[0].Chunk.ExternalId);
        SearchExplanation top = results[0].Explanation!;
        Assert.Contains("rrf", top.DenseNote, StringComparison.Ordinal);
        Assert.InRange(top.DenseWeight, 0, 1); // 1 × agreement², agreement between the two top lists
        Assert.True(top.FusedScore <= (top.KeywordWeight + top.DenseWeight) / 61 + 1e-9); // reciprocal ranks with k = 60
    }

    [Fact]
    public async Task KeywordModeIgnoresReadyVectors()
    {
        using KnowledgeBase kb = await _store.OpenAsync(new EmbeddingSettings());
        await VectorTestStore.IngestAsync(kb, "Annual leave: employees get fifteen paid vacation days.", "Lunch is served at noon.");
        await kb.UpdateVectorsAsync();
        var results = await kb.SearchAsync("vacation days", 5, useDense: false);
        Assert.Single(results);
        Assert.Null(results[0].Explanation!.FusedScore);
    }

    public void Dispose() => _store.Dispose();
}
