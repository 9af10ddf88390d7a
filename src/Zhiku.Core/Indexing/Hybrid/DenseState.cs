namespace Zhiku.Core.Indexing.Hybrid;

/// <summary>Whether a knowledge base's dense list takes part in search.</summary>
public enum DenseState
{
    /// <summary>No embedding model is configured (<c>provider: none</c> or <c>dense_weight: 0</c>).</summary>
    Disabled,

    /// <summary>Some chunks have no vector yet (first ingest, or new documents): keyword search alone until done.</summary>
    Incomplete,

    /// <summary>The stored vectors come from another model: keyword search alone until re-embedding finishes.</summary>
    ModelChanged,

    /// <summary>Every chunk has a vector of the configured model.</summary>
    Ready,
}
