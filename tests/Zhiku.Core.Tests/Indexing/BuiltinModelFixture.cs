using Zhiku.Core.Indexing.Embeddings;

namespace Zhiku.Core.Tests.Indexing;

/// <summary>Loads the 90 MB built-in model once per test class.</summary>
public sealed class BuiltinModelFixture : IDisposable
{
    public OnnxEmbeddingGenerator Generator { get; } = BuiltinEmbeddingModel.Create();

    public void Dispose() => Generator.Dispose();
}
