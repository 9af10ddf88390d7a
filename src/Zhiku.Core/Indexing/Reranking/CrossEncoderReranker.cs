namespace Zhiku.Core.Indexing.Reranking;

/// <summary>
/// Reorders the top fused candidates by cross-encoder score within a time budget, so a slow CPU makes reranking
/// shallower instead of making search slower. Candidates it had no time for stay in fused order behind the scored ones.
/// </summary>
public sealed class CrossEncoderReranker
{
    private readonly ICrossEncoder _encoder;
    private readonly TimeProvider _time;

    /// <param name="encoder">The scorer.</param>
    /// <param name="timeProvider">Clock for the budget; <see cref="TimeProvider.System"/> by default.</param>
    public CrossEncoderReranker(ICrossEncoder encoder, TimeProvider? timeProvider = null)
    {
        _encoder = encoder;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Reranks <paramref name="candidates"/> (given in fused order, best first) for <paramref name="query"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (not the budget, which is an expected outcome).</exception>
    public async Task<RerankResult> RerankAsync(string query, IReadOnlyList<RerankCandidate> candidates,
        RerankOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RerankOptions();
        int batchSize = Math.Max(1, options.BatchSize);
        int toScore = Math.Clamp(options.TopN, 0, candidates.Count);
        var scores = new float?[candidates.Count];
        long start = _time.GetTimestamp();
        int scored = 0;
        bool exhausted = false;

        bool limited = options.Budget != Timeout.InfiniteTimeSpan;
        var limit = limited ? (options.Budget < TimeSpan.Zero ? TimeSpan.Zero : options.Budget) : TimeSpan.MaxValue;
        // The budget timer runs on the same clock as the checks below, so a test clock controls both.
        using var deadline = limited ? new CancellationTokenSource(limit, _time) : new CancellationTokenSource();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);

        for (int offset = 0; offset < toScore; offset += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var elapsed = _time.GetElapsedTime(start);
            int batches = offset / batchSize;
            // Predict from the batches so far: starting a batch that cannot finish only burns the budget.
            if (limited && (elapsed >= limit || (batches > 0 && elapsed + elapsed / batches > limit)))
            {
                exhausted = true;
                break;
            }

            int count = Math.Min(batchSize, toScore - offset);
            var passages = new string[count];
            for (int i = 0; i < count; i++)
            {
                passages[i] = candidates[offset + i].Text;
            }

            IReadOnlyList<float> batchScores;
            try
            {
                batchScores = await _encoder.ScoreAsync(query, passages, budget.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                exhausted = true;
                break;
            }

            if (batchScores.Count != count)
            {
                throw new InvalidOperationException($"Cross-encoder returned {batchScores.Count} scores for {count} passages.");
            }

            for (int i = 0; i < count; i++)
            {
                scores[offset + i] = batchScores[i];
            }

            scored += count;
        }

        var hits = new List<RerankedHit>(candidates.Count);
        for (int i = 0; i < candidates.Count; i++)
        {
            hits.Add(new RerankedHit(candidates[i].ChunkId, i + 1, scores[i]));
        }

        // OrderBy is stable: equal scores keep fused order, and unscored hits stay in fused order at the end.
        var ordered = hits.Where(h => h.Score is not null).OrderByDescending(h => h.Score!.Value)
            .Concat(hits.Where(h => h.Score is null))
            .ToList();
        return new RerankResult(ordered, scored, exhausted, _time.GetElapsedTime(start));
    }
}
