namespace Zhiku.Core.Indexing.Hybrid;

/// <summary>The dense side of a knowledge base: its state, model and how many chunks have vectors.</summary>
/// <param name="State">Whether dense search is used.</param>
/// <param name="ModelId">The configured embedding model.</param>
/// <param name="StoredModelId">The model the stored vectors come from, or null when there are none.</param>
/// <param name="Embedded">Chunks with a vector of the configured model.</param>
/// <param name="Chunks">Chunks in the knowledge base.</param>
public sealed record DenseStatus(DenseState State, string ModelId, string? StoredModelId, int Embedded, int Chunks)
{
    /// <summary>One line for people, e.g. in <c>search --explain</c> and <c>stats</c>.</summary>
    public string Describe() => State switch
    {
        DenseState.Disabled => "dense search off (embedding provider none or dense_weight 0) / 未启用向量检索",
        DenseState.Ready => $"dense search on: {ModelId}, {Embedded} vectors / 向量检索已启用",
        DenseState.ModelChanged => $"keyword only: vectors are from {StoredModelId}, the configured model is {ModelId}; run `zhiku reembed` ({Embedded}/{Chunks} done) / 模型已更换，需重新生成向量",
        _ => $"keyword only until vectors are complete: {Embedded}/{Chunks} chunks embedded with {ModelId}; run `zhiku reembed` / 向量尚未完成",
    };
}
