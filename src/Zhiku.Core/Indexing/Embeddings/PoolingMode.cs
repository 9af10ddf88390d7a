namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>How token vectors become one sentence vector.</summary>
public enum PoolingMode
{
    /// <summary>Average of the token vectors under the attention mask (sentence-transformers' default; MiniLM, e5).</summary>
    Mean,

    /// <summary>The first ([CLS]) token's vector (bge, bge-m3 dense).</summary>
    Cls,
}
