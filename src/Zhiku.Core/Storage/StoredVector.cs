namespace Zhiku.Core.Storage;

/// <summary>A chunk's vector as <see cref="IVectorStore"/> keeps it; no vector when the chunk was skipped (its text is
/// not in the model's languages).</summary>
public sealed record StoredVector(long ChunkId, ReadOnlyMemory<float>? Vector)
{
    /// <summary>True when the chunk has no vector because it was skipped.</summary>
    public bool Skipped => Vector is null;
}
