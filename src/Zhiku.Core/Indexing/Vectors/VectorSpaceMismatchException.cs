namespace Zhiku.Core.Indexing.Vectors;

/// <summary>
/// Vectors of one embedding model were about to be mixed with another's. The caller either re-embeds
/// (keyword search keeps working meanwhile) or switches back to the stored model.
/// </summary>
public sealed class VectorSpaceMismatchException : Exception
{
    public VectorSpaceMismatchException(VectorSpace stored, VectorSpace requested)
        : base($"The stored vectors come from {stored}, but the configured embedding model is {requested}; vectors of two models " +
               "cannot be mixed. Re-embed the knowledge base with the new model, or set the embedding model back. " +
               $"已存向量来自 {stored}，而当前配置的向量模型是 {requested}，两种模型的向量不能混用：请用新模型重新生成向量，或改回原模型。")
    {
        Stored = stored;
        Requested = requested;
    }

    public VectorSpaceMismatchException() { }

    public VectorSpaceMismatchException(string message) : base(message) { }

    public VectorSpaceMismatchException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The space the index holds.</summary>
    public VectorSpace? Stored { get; }

    /// <summary>The space the caller tried to use.</summary>
    public VectorSpace? Requested { get; }
}
