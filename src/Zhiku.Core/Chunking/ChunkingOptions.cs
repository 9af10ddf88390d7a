namespace Zhiku.Core.Chunking;

/// <summary>How documents are cut into chunks. Defaults were chosen by measurement (docs/benchmarks.md).</summary>
public sealed record ChunkingOptions
{
    /// <summary>Target chunk size in characters; a chunk is longer only when one sentence is.</summary>
    public int TargetChars { get; init; } = 500;

    /// <summary>Characters of trailing sentences repeated at the start of the next chunk of the same section.</summary>
    public int OverlapChars { get; init; } = 100;

    /// <summary>A sentence longer than this is cut at a comma or space, else hard.</summary>
    public int MaxChars => TargetChars * 2;

    /// <summary>The default options.</summary>
    public static ChunkingOptions Default { get; } = new();
}
