namespace Zhiku.Core.Answering.Json;

/// <summary>One search result as <c>search --json</c> and <c>POST /api/kbs/{kb}/search</c> print it (snake_case names).</summary>
public sealed record SearchHitJson(
    long DocId,
    string? ExternalId,
    long ChunkId,
    string Title,
    string? Source,
    string Heading,
    int? Page,
    double Score,
    string Text)
{
    /// <summary>With `--explain` only: ranks, scores and weights behind this result (absent otherwise).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ExplainJson? Explain { get; init; }
}
