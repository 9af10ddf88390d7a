using Zhiku.Core.Indexing.Reranking;

namespace Zhiku.Core.Tests.Indexing;

/// <summary>
/// Budget and ordering logic of the reranker, through <see cref="ICrossEncoder"/> with a scripted scorer and a
/// manual clock (no real timing). The ONNX scorer itself is tested in <see cref="OnnxCrossEncoderTests"/>.
/// </summary>
public sealed class CrossEncoderRerankerTests
{
    // Candidate i has text "i"; the scripted scorer scores a passage by its number, so later candidates score higher.
    private static readonly RerankCandidate[] Candidates = [.. Enumerable.Range(1, 12).Select(i => new RerankCandidate(100 + i, i.ToString()))];

    [Fact]
    public async Task Without_budget_pressure_the_top_n_are_reordered_and_the_rest_keep_fused_order()
    {
        var clock = new ManualClock();
        var scorer = new ScriptedScorer(clock, perBatch: TimeSpan.FromMilliseconds(1));
        var reranker = new CrossEncoderReranker(scorer, clock);

        var result = await reranker.RerankAsync("q", Candidates, new RerankOptions { TopN = 5, BatchSize = 2, Budget = TimeSpan.FromSeconds(1) });

        Assert.Equal(5, result.Scored);
        Assert.False(result.BudgetExhausted);
        Assert.Equal([105, 104, 103, 102, 101, 106, 107, 108, 109, 110, 111, 112], result.Hits.Select(h => h.ChunkId));
        Assert.Equal([2, 2, 1], scorer.BatchSizes);
        Assert.Equal(5f, result.Hits[0].Score);
        Assert.Equal(5, result.Hits[0].FusedRank);
        Assert.Null(result.Hits[5].Score);
    }

    [Fact]
    public async Task Budget_stops_before_a_batch_that_would_not_finish()
    {
        var clock = new ManualClock();
        var scorer = new ScriptedScorer(clock, perBatch: TimeSpan.FromMilliseconds(30));
        var reranker = new CrossEncoderReranker(scorer, clock);

        // Batches end at 30, 60, 90 ms; a fourth would end at 120 ms > 100 ms, so it is not started.
        var result = await reranker.RerankAsync("q", Candidates, new RerankOptions { TopN = 10, BatchSize = 2, Budget = TimeSpan.FromMilliseconds(100) });

        Assert.True(result.BudgetExhausted);
        Assert.Equal(6, result.Scored);
        Assert.Equal(3, scorer.BatchSizes.Count);
        Assert.Equal([106, 105, 104, 103, 102, 101, 107, 108, 109, 110, 111, 112], result.Hits.Select(h => h.ChunkId));
        Assert.Equal(TimeSpan.FromMilliseconds(90), result.Elapsed);
    }

    [Fact]
    public async Task Budget_already_spent_after_a_slow_first_batch_scores_nothing_more()
    {
        var clock = new ManualClock();
        var scorer = new ScriptedScorer(clock, perBatch: TimeSpan.FromMilliseconds(250));
        var reranker = new CrossEncoderReranker(scorer, clock);

        var result = await reranker.RerankAsync("q", Candidates, new RerankOptions { TopN = 12, BatchSize = 4, Budget = TimeSpan.FromMilliseconds(200) });

        Assert.Equal(4, result.Scored);
        Assert.True(result.BudgetExhausted);
        Assert.Single(scorer.BatchSizes);
    }

    [Fact]
    public async Task Running_batch_is_cancelled_when_the_budget_runs_out_and_fused_order_is_kept()
    {
        var reranker = new CrossEncoderReranker(new HangingScorer());

        var result = await reranker.RerankAsync("q", Candidates, new RerankOptions { Budget = TimeSpan.FromMilliseconds(50) });

        Assert.Equal(0, result.Scored);
        Assert.True(result.BudgetExhausted);
        Assert.Equal(Candidates.Select(c => c.ChunkId), result.Hits.Select(h => h.ChunkId));
    }

    [Fact]
    public async Task Caller_cancellation_is_not_swallowed()
    {
        var reranker = new CrossEncoderReranker(new HangingScorer());
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => reranker.RerankAsync("q", Candidates, new RerankOptions { Budget = Timeout.InfiniteTimeSpan }, cts.Token));
    }

    private sealed class ScriptedScorer(ManualClock clock, TimeSpan perBatch) : ICrossEncoder
    {
        public List<int> BatchSizes { get; } = [];

        public Task<IReadOnlyList<float>> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
        {
            BatchSizes.Add(passages.Count);
            clock.Advance(perBatch);
            return Task.FromResult<IReadOnlyList<float>>([.. passages.Select(float.Parse)]);
        }
    }

    private sealed class HangingScorer : ICrossEncoder
    {
        public async Task<IReadOnlyList<float>> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        }
    }
}
