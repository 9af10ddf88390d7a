namespace Zhiku.Core.Evaluation;

/// <summary>What an eval run measures (`zhiku eval --mode`).</summary>
public enum EvalMode
{
    /// <summary>The full-text (BM25) index alone.</summary>
    Keyword,

    /// <summary>Keyword and dense lists fused, as `search` does once the vectors are complete.</summary>
    Hybrid,
}
