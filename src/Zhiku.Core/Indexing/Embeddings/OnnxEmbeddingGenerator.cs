using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;

namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>
/// Sentence embeddings from a BERT-family ONNX model run in-process: tokenise (WordPiece or SentencePiece),
/// batch by length, run, pool (mean or CLS), L2-normalise. Thread-safe; dispose to free the ONNX session.
/// </summary>
public sealed class OnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private static readonly string[] PreferredOutputs = ["last_hidden_state", "token_embeddings", "sentence_embedding", "dense_vecs", "embeddings"];

    private readonly OnnxEncoderSession _session;
    private readonly ModelTokenizer _tokenizer;
    private readonly string _outputName;
    private readonly bool _outputIsPooled;
    private readonly bool _normalize;
    private readonly int _batchSize;
    private readonly EmbeddingGeneratorMetadata _metadata;

    internal OnnxEmbeddingGenerator(OnnxEncoderSession session, ModelTokenizer tokenizer, string modelId,
        PoolingMode pooling, int maxTokens, int batchSize, bool normalize)
    {
        _session = session;
        _tokenizer = tokenizer;
        ModelId = modelId;
        Pooling = pooling;
        MaxTokens = maxTokens;
        _batchSize = Math.Max(1, batchSize);
        _normalize = normalize;
        _outputName = PreferredOutputs.FirstOrDefault(session.OutputNames.Contains) ?? session.OutputNames[0];
        _outputIsPooled = session.OutputMetadata[_outputName].Dimensions.Length == 2;
        // The hidden size is often a symbolic dimension in exported models, so ask the model once.
        Dimensions = Embed(["dimension probe"], null).First().Length;
        _metadata = new EmbeddingGeneratorMetadata("onnx", null, modelId, Dimensions);
    }

    /// <summary>Identity recorded with the vectors, e.g. <c>onnx:bge-small-zh-v1.5</c>.</summary>
    public string ModelId { get; }

    /// <summary>Length of every vector this model returns.</summary>
    public int Dimensions { get; }

    public PoolingMode Pooling { get; }

    /// <summary>Inputs longer than this many tokens (special tokens included) are truncated.</summary>
    public int MaxTokens { get; }

    /// <summary>
    /// Loads a model folder: model.onnx (or onnx/model.onnx) plus vocab.txt or tokenizer.json, with settings from
    /// the folder's config files unless <paramref name="options"/> overrides them.
    /// </summary>
    /// <exception cref="ZhikuException">The folder, model or tokenizer is missing or unsupported; the message says what to fix.</exception>
    public static OnnxEmbeddingGenerator FromFolder(string folder, OnnxEmbeddingOptions? options = null)
    {
        options ??= new OnnxEmbeddingOptions();
        var model = OnnxModelFolder.Read(folder);
        var tokenizer = model.CreateTokenizer(options.LowerCase);
        var session = new OnnxEncoderSession(model.ModelPath, tokenizer.PaddingId, options.IntraOpThreads);
        try
        {
            return new OnnxEmbeddingGenerator(session, tokenizer,
                options.ModelId ?? model.ModelId ?? "onnx:" + Path.GetFileName(model.Folder),
                options.Pooling ?? model.Pooling ?? PoolingMode.Mean,
                options.MaxTokens ?? model.MaxTokens ?? EmbeddingDefaults.MaxTokens,
                options.BatchSize ?? EmbeddingDefaults.BatchSize,
                options.Normalize);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyList<string> ?? [.. values];
        var vectors = Embed(texts, null, cancellationToken);
        var created = DateTimeOffset.UtcNow;
        var result = new GeneratedEmbeddings<Embedding<float>>(
            vectors.Select(v => new Embedding<float>(v) { ModelId = ModelId, CreatedAt = created }));
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose() => _session.Dispose();

    private float[][] Embed(IReadOnlyList<string> texts, RunOptions? runOptions, CancellationToken cancellationToken = default)
    {
        var encoded = new EncodedText[texts.Count];
        for (int i = 0; i < texts.Count; i++)
        {
            encoded[i] = _tokenizer.Encode(texts[i] ?? "", MaxTokens);
        }

        // Batch texts of similar length together so short ones are not padded to the longest of the whole call.
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => encoded[i].Ids.Length).ToArray();
        var results = new float[texts.Count][];
        using var ownRunOptions = runOptions is null ? new RunOptions() : null;
        var run = runOptions ?? ownRunOptions!;
        using var registration = cancellationToken.Register(() => run.Terminate = true);
        for (int start = 0; start < order.Length; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var slice = order.AsSpan(start, Math.Min(_batchSize, order.Length - start)).ToArray();
            var batch = slice.Select(i => encoded[i]).ToList();
            (float[] data, long[] shape, long[] mask, int length) output;
            try
            {
                output = _session.Run(batch, _outputName, run);
            }
            catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            for (int r = 0; r < slice.Length; r++)
            {
                results[slice[r]] = Pool(output.data, output.shape, output.mask, output.length, r);
            }
        }

        return results;
    }

    private float[] Pool(float[] data, long[] shape, long[] mask, int length, int row)
    {
        int hidden = (int)shape[^1];
        var vector = new float[hidden];
        if (_outputIsPooled)
        {
            data.AsSpan(row * hidden, hidden).CopyTo(vector);
        }
        else if (Pooling == PoolingMode.Cls)
        {
            data.AsSpan(row * length * hidden, hidden).CopyTo(vector);
        }
        else
        {
            int count = 0;
            for (int t = 0; t < length; t++)
            {
                if (mask[row * length + t] == 0)
                {
                    continue;
                }

                TensorPrimitives.Add(vector, data.AsSpan((row * length + t) * hidden, hidden), vector);
                count++;
            }

            TensorPrimitives.Divide(vector, Math.Max(1, count), vector);
        }

        if (_normalize)
        {
            float norm = TensorPrimitives.Norm(vector);
            if (norm > 0)
            {
                TensorPrimitives.Divide(vector, norm, vector);
            }
        }

        return vector;
    }
}
