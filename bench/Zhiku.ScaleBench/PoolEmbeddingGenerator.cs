using Microsoft.Extensions.AI;
using Zhiku.Core.Indexing.Embeddings;

namespace Zhiku.Bench;

/// <summary>
/// Document vectors for the scale benchmark without running the model a million times: each text gets one of a pool
/// of real model vectors (by a hash of the text) plus small noise, so the index has real-embedding structure at any
/// size. Queries go to the real model, so query latency is measured honestly.
/// </summary>
internal sealed class PoolEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> model, float[][] pool)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(model)
{
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (options?.AdditionalProperties?.TryGetValue(Zhiku.Core.Indexing.Embeddings.EmbeddingGeneratorExtensions.InputKindProperty, out object? kind) == true
            && kind is EmbeddingInputKind.Query)
        {
            return await base.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);
        }

        return new GeneratedEmbeddings<Embedding<float>>(values.Select(text =>
        {
            int hash = StableHash(text);
            var random = new Random(hash);
            float[] source = pool[(hash & int.MaxValue) % pool.Length];
            var vector = new float[source.Length];
            for (int i = 0; i < vector.Length; i++)
            {
                vector[i] = source[i] + (float)(random.NextDouble() - 0.5) * 0.05f;
            }

            return new Embedding<float>(vector);
        }));
    }

    private static int StableHash(string text)
    {
        unchecked
        {
            int h = (int)2166136261;
            foreach (char c in text)
            {
                h = (h ^ c) * 16777619;
            }

            return h;
        }
    }
}
