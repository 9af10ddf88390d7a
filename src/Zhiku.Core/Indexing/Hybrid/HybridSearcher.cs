using Zhiku.Core.Indexing.Fusion;
using Zhiku.Core.Indexing.Reranking;
using Zhiku.Core.Indexing.Vectors;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Indexing.Hybrid;

/// <summary>
/// Keyword hits and dense hits fused (by default a convex combination of normalized scores, or weighted reciprocal
/// rank fusion; <see cref="FusionMethod"/>), then optionally reranked by a cross-encoder within a time budget. The
/// dense list's weight is scaled by how much of the query its model can read (<see cref="LanguageCoverage"/>); when dense search is unavailable or weighs nothing, the keyword ranking is
/// returned unchanged, with its BM25 scores.
/// </summary>
public sealed class HybridSearcher
{
    private readonly FullTextIndex _keyword;
    private readonly KnowledgeBaseVectors _dense;
    private readonly IChunkStore _chunks;
    private readonly RetrievalSettings _settings;
    private readonly CrossEncoderReranker? _reranker;

    public HybridSearcher(FullTextIndex keyword, KnowledgeBaseVectors dense, IChunkStore chunks, RetrievalSettings settings,
        ICrossEncoder? crossEncoder = null)
    {
        this._keyword = keyword;
        this._dense = dense;
        this._chunks = chunks;
        this._settings = settings;
        _reranker = crossEncoder is null ? null : new CrossEncoderReranker(crossEncoder);
    }

    /// <summary>The best <paramref name="top"/> chunks for a raw user text; chunks <paramref name="allowed"/> rejects are skipped.</summary>
    /// <param name="query">Any text.</param>
    /// <param name="top">How many results.</param>
    /// <param name="useDense">False forces keyword search only (e.g. <c>eval --mode keyword</c>).</param>
    /// <param name="allowed">A filter over the loaded chunks (data policy, permissions).</param>
    /// <param name="excludedDocIds">Documents excluded from both retrievals before fusion (unreadable for the caller),
    /// so they influence neither the ranks nor the cut.</param>
    /// <param name="cancellationToken">Cancels the keyword search, the query embedding, the chunk reads and reranking.</param>
    public async Task<IReadOnlyList<SearchResult>> SearchAsync(string query, int top, bool useDense, Func<ChunkRecord, bool> allowed,
        IReadOnlyCollection<long>? excludedDocIds = null, CancellationToken cancellationToken = default)
    {
        FusionSettings fusion = _settings.Fusion;
        int depth = Math.Max(top, fusion.Candidates);
        double share = _dense.Enabled ? LanguageCoverage.Share(query, _dense.Settings.EffectiveLanguages) : 0;
        double denseWeight = fusion.DenseWeight * share;
        // The vectors are read (and the knowledge base's chunks counted) only when the dense side can take part: a
        // query outside the model's languages, or keyword-only by request, does not pay for them (a CLI call starts
        // faster; docs/benchmarks.md, "CLI start-up").
        DenseStatus? status = !_dense.Enabled || (useDense && denseWeight > 0)
            ? await _dense.GetStatusAsync(cancellationToken).ConfigureAwait(false)
            : null;
        bool fuse = useDense && status?.State == DenseState.Ready && denseWeight > 0;
        // The query embedding runs beside the keyword search: latency is the slower of the two, not their sum.
        Task<IReadOnlyList<VectorHit>?>? denseTask = fuse ? Task.Run(() => _dense.SearchAsync(query, depth, cancellationToken), cancellationToken) : null;
        IReadOnlyList<KeywordHit> keywordHits = _keyword.Search(query, fuse ? depth : _reranker is null ? top : Math.Max(top, _settings.RerankTopN), excludedDocIds,
            cancellationToken);
        IReadOnlyList<VectorHit>? denseHits = denseTask is null ? null : await denseTask.ConfigureAwait(false);
        if (denseHits is { Count: > 0 } && excludedDocIds is { Count: > 0 })
        {
            var readable = (await _chunks.GetAsync(denseHits.Select(h => h.ChunkId).ToList(), cancellationToken).ConfigureAwait(false))
                .Where(c => !excludedDocIds.Contains(c.DocId)).Select(c => c.Id).ToHashSet();
            denseHits = denseHits.Where(h => readable.Contains(h.ChunkId)).ToList();
        }

        string note = !useDense && _dense.Enabled ? "keyword only (requested) / 仅关键词"
            : status is not null && status.State != DenseState.Ready ? status.Describe()
            : denseWeight <= 0 ? $"dense weight 0: the query is not in the model's languages ({string.Join(",", _dense.Settings.EffectiveLanguages)}) / 查询语言不在向量模型支持范围内"
            : $"{_dense.ModelId}, language coverage {share:P0} / 语言覆盖率 {share:P0}";
        List<(long ChunkId, float Score, SearchExplanation Explanation)> ranked;
        if (denseHits is null || denseHits.Count == 0)
        {
            ranked = keywordHits.Select((h, i) => (h.ChunkId, h.Score,
                new SearchExplanation(i + 1, h.Score, null, null, null, null) { KeywordWeight = fusion.KeywordWeight, DenseNote = note })).ToList();
        }
        else
        {
            ranked = Fuse(keywordHits, denseHits, fusion, denseWeight, note, depth);
        }

        if (_reranker is not null)
        {
            ranked = await RerankAsync(query, ranked, allowed, cancellationToken).ConfigureAwait(false);
        }

        return await LoadAsync(ranked, top, allowed, cancellationToken).ConfigureAwait(false);
    }

    private static List<(long ChunkId, float Score, SearchExplanation Explanation)> Fuse(IReadOnlyList<KeywordHit> keywordHits,
        IReadOnlyList<VectorHit> denseHits, FusionSettings fusion, double denseWeight, string note, int depth)
    {
        IReadOnlyList<FusedHit> fused;
        if (fusion.Method == FusionMethod.Rrf)
        {
            // RRF at k = 60 is flat at the top: the dense list's weight follows how much it agrees with the keyword list.
            double agreement = Agreement(keywordHits, denseHits);
            denseWeight *= agreement * agreement;
            note += $", rrf, agreement {agreement:P0} / 两路一致度 {agreement:P0}";
            fused = new ReciprocalRankFusion(fusion.RrfK).Fuse(Sources(keywordHits, denseHits, fusion.KeywordWeight, denseWeight), depth);
        }
        else
        {
            note += ", convex / 分数加权";
            fused = ConvexCombinationFusion.Fuse(Sources(keywordHits, denseHits, fusion.KeywordWeight, denseWeight), depth);
        }

        return fused.Select(f => (f.ChunkId, (float)f.Score, Explain(f, fusion.KeywordWeight, denseWeight, note))).ToList();
    }

    private static List<FusionSource> Sources(IReadOnlyList<KeywordHit> keywordHits, IReadOnlyList<VectorHit> denseHits, double keywordWeight, double denseWeight) =>
    [
        new FusionSource("keyword", keywordHits.Select(h => new RankedHit(h.ChunkId, h.Score)).ToList(), keywordWeight),
        new FusionSource("dense", denseHits.Select(h => new RankedHit(h.ChunkId, h.Score)).ToList(), denseWeight),
    ];

    /// <summary>How many chunks the two top lists share.</summary>
    public const int AgreementDepth = 10;

    /// <summary>
    /// The share of the top <see cref="AgreementDepth"/> results the keyword and dense lists have in common (1 when the
    /// keyword list is empty: then the dense list is all there is). Under reciprocal rank fusion, which is flat at the
    /// top, the dense list's weight is scaled by its square:
    /// a model that reads the domain agrees with BM25 on most top results and adds what BM25 misses; a model that does
    /// not know the domain (the small built-in model on biomedical text) ranks other passages, and then the keyword list,
    /// the stronger one on such text, should decide. Measured in docs/benchmarks.md ("Fusion").
    /// </summary>
    internal static double Agreement(IReadOnlyList<KeywordHit> keywordHits, IReadOnlyList<VectorHit> denseHits)
    {
        if (keywordHits.Count == 0)
        {
            return 1;
        }

        var keywordTop = keywordHits.Take(AgreementDepth).Select(h => h.ChunkId).ToHashSet();
        int overlap = denseHits.Take(AgreementDepth).Count(h => keywordTop.Contains(h.ChunkId));
        return overlap / (double)Math.Min(AgreementDepth, Math.Min(keywordHits.Count, denseHits.Count));
    }

    private static SearchExplanation Explain(FusedHit hit, double keywordWeight, double denseWeight, string note)
    {
        SourceRank? k = hit.From("keyword");
        SourceRank? d = hit.From("dense");
        return new SearchExplanation(k?.Rank, k?.Score, d?.Rank, d?.Score, hit.Score, null)
        {
            KeywordWeight = keywordWeight,
            DenseWeight = denseWeight,
            DenseNote = note,
        };
    }

    private async Task<List<(long ChunkId, float Score, SearchExplanation Explanation)>> RerankAsync(string query,
        List<(long ChunkId, float Score, SearchExplanation Explanation)> ranked, Func<ChunkRecord, bool> allowed, CancellationToken cancellationToken)
    {
        int n = Math.Min(_settings.RerankTopN, ranked.Count);
        var chunks = (await _chunks.GetAsync(ranked.Take(n).Select(r => r.ChunkId).ToList(), cancellationToken).ConfigureAwait(false)).Where(allowed).ToList();
        RerankResult result = await _reranker!.RerankAsync(query, chunks.Select(c => new RerankCandidate(c.Id, c.Text)).ToList(),
            new RerankOptions { TopN = n, Budget = _settings.RerankBudget }, cancellationToken).ConfigureAwait(false);
        var byId = ranked.ToDictionary(r => r.ChunkId);
        var reordered = result.Hits.Select(h => byId[h.ChunkId] with
        {
            Explanation = byId[h.ChunkId].Explanation with { RerankScore = h.Score },
        }).ToList();
        var seen = reordered.Select(r => r.ChunkId).ToHashSet();
        reordered.AddRange(ranked.Where(r => !seen.Contains(r.ChunkId)));
        return reordered;
    }

    /// <summary>Loads the chunks in rank order until <paramref name="top"/> pass the filter.</summary>
    private async Task<List<SearchResult>> LoadAsync(IEnumerable<(long ChunkId, float Score, SearchExplanation Explanation)> ranked, int top,
        Func<ChunkRecord, bool> allowed, CancellationToken cancellationToken)
    {
        var results = new List<SearchResult>(top);
        var list = ranked.ToList();
        int offset = 0;
        while (results.Count < top && offset < list.Count)
        {
            // Usually one read: the filter rarely rejects, and the keyword list is filtered inside its query already.
            var slice = list.Skip(offset).Take(Math.Max(top - results.Count, 8) + 8).ToList();
            offset += slice.Count;
            var chunks = (await _chunks.GetAsync(slice.Select(r => r.ChunkId).ToList(), cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Id);
            foreach ((long id, float score, SearchExplanation explanation) in slice)
            {
                if (results.Count < top && chunks.TryGetValue(id, out ChunkRecord? chunk) && allowed(chunk))
                {
                    results.Add(new SearchResult(chunk, score, results.Count + 1) { Explanation = explanation });
                }
            }
        }

        return results;
    }
}
