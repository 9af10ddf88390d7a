using Microsoft.ML.OnnxRuntime;
using Zhiku.Core.Indexing.Embeddings;

namespace Zhiku.Core.Indexing.Reranking;

/// <summary>
/// A BERT-family cross-encoder (e.g. bge-reranker-base, ms-marco-MiniLM) from a model folder: model.onnx plus
/// vocab.txt or tokenizer.json. Pairs are encoded as the model's tokenizer does (BERT: [CLS] q [SEP] p [SEP] with
/// segment ids; XLM-R: &lt;s&gt; q &lt;/s&gt;&lt;/s&gt; p &lt;/s&gt;), and the relevance logit is the score.
/// A cancelled call terminates the running ONNX batch, which keeps the reranker's budget honest.
/// </summary>
public sealed class OnnxCrossEncoder : ICrossEncoder, IDisposable
{
    private readonly OnnxEncoderSession _session;
    private readonly ModelTokenizer _tokenizer;
    private readonly string _outputName;
    private readonly int _maxTokens;

    private OnnxCrossEncoder(OnnxEncoderSession session, ModelTokenizer tokenizer, int maxTokens)
    {
        _session = session;
        _tokenizer = tokenizer;
        _maxTokens = maxTokens;
        _outputName = session.OutputNames.Contains("logits") ? "logits" : session.OutputNames[0];
        int rank = session.OutputMetadata[_outputName].Dimensions.Length;
        if (rank is not (1 or 2))
        {
            throw ZhikuException.InvalidInput(
                $"{session.Source}: output \"{_outputName}\" has {rank} dimensions; a cross-encoder returns one logit per pair " +
                "([batch] or [batch, 1]). This looks like an embedding model: configure it as embedding, not reranker. " +
                "该模型输出不是交叉编码器的打分（每对一个 logit），看起来是向量模型：请把它配置为 embedding 而不是 reranker。");
        }
    }

    /// <summary>Loads a cross-encoder folder.</summary>
    /// <param name="folder">Folder with model.onnx and vocab.txt or tokenizer.json.</param>
    /// <param name="maxTokens">Longest pair in tokens; default from the folder's config, else 512.</param>
    /// <param name="intraOpThreads">ONNX Runtime threads; default <see cref="Environment.ProcessorCount"/>.</param>
    /// <exception cref="ZhikuException">Missing files, unsupported tokenizer, or not a cross-encoder.</exception>
    public static OnnxCrossEncoder FromFolder(string folder, int? maxTokens = null, int? intraOpThreads = null)
    {
        var model = OnnxModelFolder.Read(folder);
        var tokenizer = model.CreateTokenizer(null);
        var session = new OnnxEncoderSession(model.ModelPath, tokenizer.PaddingId, intraOpThreads);
        try
        {
            return new OnnxCrossEncoder(session, tokenizer, maxTokens ?? model.MaxTokens ?? EmbeddingDefaults.MaxTokens);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<float>> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (passages.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<float>>([]);
        }

        var batch = passages.Select(p => _tokenizer.EncodePair(query, p ?? "", _maxTokens)).ToList();
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        float[] data;
        long[] shape;
        try
        {
            (data, shape, _, _) = _session.Run(batch, _outputName, runOptions);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        int labels = shape.Length == 2 ? (int)shape[1] : 1;
        var scores = new float[passages.Count];
        for (int i = 0; i < scores.Length; i++)
        {
            // One label: the relevance logit. Two labels (irrelevant, relevant): their difference, the log-odds.
            scores[i] = labels == 1 ? data[i] : data[i * labels + labels - 1] - data[i * labels];
        }

        return Task.FromResult<IReadOnlyList<float>>(scores);
    }

    public void Dispose() => _session.Dispose();
}
