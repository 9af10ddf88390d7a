namespace Zhiku.Core.Answering;

/// <summary>
/// One retrieved chunk offered to the model as source <c>[N]</c>. The caller numbers them 1..n in rank order,
/// the same numbers its extractive citations use, so an LLM citation <c>[2]</c> and an extractive one agree.
/// </summary>
/// <param name="N">The source number shown to the model; unique within one question.</param>
/// <param name="Text">The chunk text (original, not desensitized: the outbound filter does that).</param>
public sealed record SourcePassage(int N, string Text)
{
    /// <summary>The store's document id.</summary>
    public string? DocId { get; init; }

    /// <summary>The document's own id (json/jsonl <c>id</c>), if any.</summary>
    public string? ExternalId { get; init; }

    /// <summary>The chunk id in the store.</summary>
    public string? ChunkId { get; init; }

    /// <summary>Document title.</summary>
    public string? Title { get; init; }

    /// <summary>Heading path above the chunk ("第三章 > 年假").</summary>
    public string? Heading { get; init; }

    /// <summary>Source file path or URL.</summary>
    public string? Source { get; init; }

    /// <summary>1-based page for paged formats.</summary>
    public int? Page { get; init; }

    /// <summary>
    /// Under a <c>local-only</c> policy: only a local model may read it. With a cloud model the answerer keeps it out
    /// of the prompt (its number stays reserved so the caller's citations still line up).
    /// </summary>
    public bool LocalOnly { get; init; }
}
