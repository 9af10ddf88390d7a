using Microsoft.Extensions.AI;

namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>
/// Prepends the model's query or document prefix (e5: "query: "/"passage: "; bge-zh: a query instruction) according
/// to <see cref="EmbeddingGeneratorExtensions.InputKindProperty"/>; unmarked input counts as a document. Also
/// reports the configured model identity, so every provider is described the same way.
/// </summary>
public sealed class PrefixingEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly string _queryPrefix;
    private readonly string _documentPrefix;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public PrefixingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, string? queryPrefix,
        string? documentPrefix, EmbeddingModelInfo model)
        : base(inner)
    {
        _queryPrefix = queryPrefix ?? "";
        _documentPrefix = documentPrefix ?? "";
        var innerMetadata = inner.GetService<EmbeddingGeneratorMetadata>();
        _metadata = new EmbeddingGeneratorMetadata(innerMetadata?.ProviderName, innerMetadata?.ProviderUri, model.ModelId,
            model.Dimensions ?? innerMetadata?.DefaultModelDimensions);
    }

    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var kind = EmbeddingInputKind.Document;
        if (options?.AdditionalProperties?.TryGetValue(EmbeddingGeneratorExtensions.InputKindProperty, out object? value) == true)
        {
            kind = value is EmbeddingInputKind k ? k : EmbeddingInputKind.Document;
            // Our marker is not for the provider (an HTTP provider might forward unknown properties).
            options = options.Clone();
            options.AdditionalProperties!.Remove(EmbeddingGeneratorExtensions.InputKindProperty);
        }

        string prefix = kind == EmbeddingInputKind.Query ? _queryPrefix : _documentPrefix;
        var texts = prefix.Length == 0 ? values : values.Select(v => prefix + v);
        return base.GenerateAsync(texts, options, cancellationToken);
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata : base.GetService(serviceType, serviceKey);
}
