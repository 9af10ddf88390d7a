namespace Zhiku.Core.Indexing.Vectors;

/// <summary>Argument checks shared by the index engines, so both reject the same inputs the same way.</summary>
internal static class VectorArguments
{
    public static void Check(VectorSpace space, IReadOnlyList<long> chunkIds, IReadOnlyList<ReadOnlyMemory<float>> vectors)
    {
        if (chunkIds.Count != vectors.Count)
        {
            throw new ArgumentException($"{chunkIds.Count} chunk ids but {vectors.Count} vectors.", nameof(vectors));
        }

        for (int i = 0; i < vectors.Count; i++)
        {
            if (vectors[i].Length != space.Dimensions)
            {
                throw new ArgumentException(
                    $"Vector for chunk {chunkIds[i]} has {vectors[i].Length} dimensions; this index holds {space} vectors. " +
                    $"向量维度 {vectors[i].Length} 与索引的 {space} 不一致，不能混用不同模型的向量。", nameof(vectors));
            }
        }
    }

    public static void CheckQuery(VectorSpace space, ReadOnlySpan<float> query)
    {
        if (query.Length != space.Dimensions)
        {
            throw new ArgumentException(
                $"Query vector has {query.Length} dimensions; this index holds {space} vectors. " +
                $"查询向量维度 {query.Length} 与索引的 {space} 不一致。", nameof(query));
        }
    }
}
