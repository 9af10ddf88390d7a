using Microsoft.Extensions.AI;

namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>Query/document embedding calls and model identity on any <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>.</summary>
public static class EmbeddingGeneratorExtensions
{
    /// <summary>Key in <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> carrying an <see cref="EmbeddingInputKind"/>.</summary>
    public const string InputKindProperty = "zhiku.input_kind";

    /// <summary>Embeds one search query (query prefix applied).</summary>
    public static async Task<ReadOnlyMemory<float>> EmbedQueryAsync(this IEmbeddingGenerator<string, Embedding<float>> generator,
        string query, CancellationToken cancellationToken = default)
    {
        var result = await generator.GenerateAsync([query], ForInput(EmbeddingInputKind.Query), cancellationToken).ConfigureAwait(false);
        return result[0].Vector;
    }

    /// <summary>Embeds passages for storage (document prefix applied), in input order.</summary>
    public static async Task<IReadOnlyList<ReadOnlyMemory<float>>> EmbedDocumentsAsync(
        this IEmbeddingGenerator<string, Embedding<float>> generator, IReadOnlyList<string> texts,
        CancellationToken cancellationToken = default)
    {
        if (texts.Count == 0)
        {
            return [];
        }

        var result = await generator.GenerateAsync(texts, ForInput(EmbeddingInputKind.Document), cancellationToken).ConfigureAwait(false);
        return [.. result.Select(e => e.Vector)];
    }

    /// <summary>Options that tell <see cref="PrefixingEmbeddingGenerator"/> which prefix to use.</summary>
    public static EmbeddingGenerationOptions ForInput(EmbeddingInputKind kind) => new()
    {
        AdditionalProperties = new AdditionalPropertiesDictionary { [InputKindProperty] = kind },
    };

    /// <summary>The model id and (if known) dimension the generator reports through <see cref="EmbeddingGeneratorMetadata"/>.</summary>
    public static EmbeddingModelInfo Describe(this IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        return new EmbeddingModelInfo(metadata?.DefaultModelId ?? "unknown", metadata?.DefaultModelDimensions);
    }
}
