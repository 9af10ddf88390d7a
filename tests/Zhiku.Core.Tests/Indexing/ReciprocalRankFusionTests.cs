using Zhiku.Core.Indexing.Fusion;

namespace Zhiku.Core.Tests.Indexing;

public sealed class ReciprocalRankFusionTests
{
    private const long A = 1, B = 2, C = 3, D = 4;

    [Fact]
    public void Weighted_fusion_matches_hand_computed_scores()
    {
        var keyword = new FusionSource("keyword", [new(A, 12.0), new(B, 8.0), new(C, 5.0)], Weight: 1.0);
        var dense = new FusionSource("dense", [new(C, 0.9), new(A, 0.8), new(D, 0.7)], Weight: 0.5);

        var fused = new ReciprocalRankFusion().Fuse([keyword, dense]);

        // A: 1/61 + 0.5/62, C: 1/63 + 0.5/61, B: 1/62, D: 0.5/63
        Assert.Equal([A, C, B, D], fused.Select(h => h.ChunkId));
        Assert.Equal(0.0244579587, fused[0].Score, 9);
        Assert.Equal(0.0240697373, fused[1].Score, 9);
        Assert.Equal(0.0161290323, fused[2].Score, 9);
        Assert.Equal(0.0079365079, fused[3].Score, 9);
    }

    [Fact]
    public void Explanation_keeps_each_sources_rank_score_and_contribution()
    {
        var keyword = new FusionSource("keyword", [new(A, 12.0), new(B, 8.0)]);
        var dense = new FusionSource("dense", [new(B, 0.91)], Weight: 2.0);

        var fused = new ReciprocalRankFusion(k: 10).Fuse([keyword, dense]);
        var b = fused.Single(h => h.ChunkId == B);
        var a = fused.Single(h => h.ChunkId == A);

        Assert.Equal(B, fused[0].ChunkId); // 1/12 + 2/11 beats 1/11
        Assert.Equal(new SourceRank("keyword", 2, 8.0, 1.0 / 12), b.From("keyword"));
        Assert.Equal(new SourceRank("dense", 1, 0.91, 2.0 / 11), b.From("dense"));
        Assert.Null(a.From("dense"));
        Assert.Equal(1.0 / 12 + 2.0 / 11, b.Score, 12);
    }

    [Fact]
    public void Duplicate_in_one_list_counts_once_at_its_best_rank()
    {
        var fused = new ReciprocalRankFusion().Fuse([new FusionSource("keyword", [new(A, 3), new(A, 2), new(B, 1)])]);

        Assert.Equal(1.0 / 61, fused[0].Score, 12);
        Assert.Equal(1.0 / 62, fused[1].Score, 12);
        Assert.Equal(2, fused[1].From("keyword")!.Rank);
    }

    [Fact]
    public void Ties_are_ordered_by_best_rank_then_chunk_id()
    {
        // With k = 0: D is 1/1 in one list, C is 1/2 + 1/2 in two; equal scores, D has the better single rank.
        var s1 = new FusionSource("s1", [new(D, 1), new(C, 1)]);
        var s2 = new FusionSource("s2", [new(B, 1), new(C, 1)]);

        var fused = new ReciprocalRankFusion(k: 0).Fuse([s1, s2]);

        Assert.Equal([B, D, C], fused.Select(h => h.ChunkId));
    }

    [Fact]
    public void Zero_weight_source_only_explains_and_limit_cuts()
    {
        var keyword = new FusionSource("keyword", [new(A, 1), new(B, 1), new(C, 1)]);
        var dense = new FusionSource("dense", [new(D, 0.9), new(A, 0.8)], Weight: 0);

        var fused = new ReciprocalRankFusion().Fuse([keyword, dense], limit: 2);

        Assert.Equal([A, B], fused.Select(h => h.ChunkId));
        Assert.Equal(0.0, fused[0].From("dense")!.Contribution);
        Assert.DoesNotContain(new ReciprocalRankFusion().Fuse([keyword, dense]), h => h.ChunkId == D);
    }

    [Fact]
    public void Bad_weights_and_names_are_rejected()
    {
        var rrf = new ReciprocalRankFusion();

        Assert.Throws<ArgumentException>(() => rrf.Fuse([new FusionSource("k", [], -1)]));
        Assert.Throws<ArgumentException>(() => rrf.Fuse([new FusionSource("k", [], double.NaN)]));
        Assert.Throws<ArgumentException>(() => rrf.Fuse([new FusionSource("k", []), new FusionSource("k", [])]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReciprocalRankFusion(-1));
    }

    [Theory]
    [InlineData(-1, 1, 60, 100, "kb.fusion.keyword_weight")]
    [InlineData(1, double.NaN, 60, 100, "kb.fusion.dense_weight")]
    [InlineData(0, 0, 60, 100, "kb.fusion.dense_weight")]
    [InlineData(1, 1, -5, 100, "kb.fusion.rrf_k")]
    [InlineData(1, 1, 60, 0, "kb.fusion.candidates")]
    public void Fusion_settings_validation_names_the_key(double keyword, double dense, double k, int candidates, string key)
    {
        var settings = new FusionSettings { KeywordWeight = keyword, DenseWeight = dense, RrfK = k, Candidates = candidates };

        var ex = Assert.Throws<ZhikuException>(() => settings.Validate("kb.fusion."));

        Assert.Contains(key, ex.Message);
    }
}
