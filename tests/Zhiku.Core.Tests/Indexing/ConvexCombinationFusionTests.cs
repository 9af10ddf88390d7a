using Zhiku.Core.Indexing.Fusion;

namespace Zhiku.Core.Tests.Indexing;

public sealed class ConvexCombinationFusionTests
{
    private const long A = 1, B = 2, C = 3, D = 4;

    [Fact]
    public void Weighted_sum_of_min_max_normalized_scores_matches_hand_computation()
    {
        // keyword 12, 8, 2 → 1, 0.6, 0; dense 0.9, 0.8, 0.5 → 1, 0.75, 0.
        var keyword = new FusionSource("keyword", [new(A, 12.0), new(B, 8.0), new(C, 2.0)], Weight: 0.7);
        var dense = new FusionSource("dense", [new(C, 0.9), new(A, 0.8), new(D, 0.5)], Weight: 0.3);

        var fused = ConvexCombinationFusion.Fuse([keyword, dense]);

        // A: 0.7 + 0.225, B: 0.42, C: 0 + 0.3, D: 0 + 0.
        Assert.Equal([A, B, C, D], fused.Select(h => h.ChunkId));
        Assert.Equal(0.925, fused[0].Score, 12);
        Assert.Equal(0.42, fused[1].Score, 12);
        Assert.Equal(0.3, fused[2].Score, 12);
        Assert.Equal(0.0, fused[3].Score, 12);
        SourceRank dense2 = fused[0].From("dense")!;
        Assert.Equal((2, 0.8), (dense2.Rank, dense2.Score));
        Assert.Equal(0.3 * 0.75, dense2.Contribution, 12);
    }

    [Fact]
    public void A_first_hit_far_ahead_keeps_its_place_where_rank_fusion_would_let_the_other_list_reorder_it()
    {
        // BM25 is sure of A (30 against 5 and 4); the dense list barely prefers B and C over A (cosines 0.62, 0.615, 0.61).
        var keyword = new FusionSource("keyword", [new(A, 30.0), new(B, 5.0), new(C, 4.0)], Weight: 0.5);
        var dense = new FusionSource("dense", [new(B, 0.62), new(C, 0.615), new(A, 0.61), new(D, 0.20)], Weight: 0.5);

        Assert.Equal(A, ConvexCombinationFusion.Fuse([keyword, dense])[0].ChunkId);
        Assert.Equal(B, new ReciprocalRankFusion().Fuse([keyword, dense])[0].ChunkId);
    }

    [Fact]
    public void A_list_of_equal_scores_gives_each_hit_one_and_ties_go_to_the_best_rank()
    {
        var keyword = new FusionSource("keyword", [new(D, 3.0)]);
        var dense = new FusionSource("dense", [new(B, 0.5), new(C, 0.5)]);

        var fused = ConvexCombinationFusion.Fuse([keyword, dense]);

        Assert.Equal([B, D, C], fused.Select(h => h.ChunkId)); // all 1.0: rank 1 (B, D by id) before rank 2
        Assert.All(fused, h => Assert.Equal(1.0, h.Score, 12));
    }

    [Fact]
    public void Zero_weight_source_only_explains_duplicates_count_once_and_limit_cuts()
    {
        var keyword = new FusionSource("keyword", [new(A, 9), new(A, 1), new(B, 5), new(C, 1)]);
        var dense = new FusionSource("dense", [new(D, 0.9), new(A, 0.8)], Weight: 0);

        var all = ConvexCombinationFusion.Fuse([keyword, dense]);
        Assert.Equal([A, B, C], all.Select(h => h.ChunkId)); // D came only from the zero-weight list
        Assert.Equal(0.5, all[1].Score, 12);
        Assert.Equal(0.0, all[0].From("dense")!.Contribution);
        Assert.Equal([A, B], ConvexCombinationFusion.Fuse([keyword, dense], limit: 2).Select(h => h.ChunkId));
    }

    [Fact]
    public void Bad_weights_names_and_scores_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ConvexCombinationFusion.Fuse([new FusionSource("k", [], -1)]));
        Assert.Throws<ArgumentException>(() => ConvexCombinationFusion.Fuse([new FusionSource("k", []), new FusionSource("k", [])]));
        Assert.Throws<ArgumentException>(() => ConvexCombinationFusion.Fuse([new FusionSource("k", [new(A, double.NaN)])]));
    }
}
