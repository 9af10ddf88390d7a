namespace Zhiku.Core.Indexing.Fusion;

/// <summary>How the keyword and dense lists are merged (<c>retrieval.fusion</c>).</summary>
public enum FusionMethod
{
    /// <summary>Weighted sum of min-max normalized scores (<see cref="ConvexCombinationFusion"/>); the default.</summary>
    Convex,

    /// <summary>Weighted reciprocal rank fusion (<see cref="ReciprocalRankFusion"/>), the dense weight scaled by
    /// the two lists' agreement.</summary>
    Rrf,
}
