using Microsoft.ML.OnnxRuntime;

namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>
/// One ONNX Runtime session over a BERT-family encoder: pads a batch of token ids, feeds the inputs the model
/// declares (input_ids, attention_mask, token_type_ids; int64 or int32) and hands back the chosen output.
/// Shared by the embedding generator and the cross-encoder so both follow the same input rules.
/// </summary>
internal sealed class OnnxEncoderSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _source;
    private readonly bool _int32Inputs;
    private readonly bool _wantsTokenTypes;
    private readonly bool _wantsAttentionMask;
    private readonly int _paddingId;

    public OnnxEncoderSession(string modelPath, int paddingId, int? intraOpThreads)
        : this(Open(s => new InferenceSession(modelPath, s), modelPath, intraOpThreads), modelPath, paddingId)
    {
    }

    public OnnxEncoderSession(byte[] model, string source, int paddingId, int? intraOpThreads)
        : this(Open(s => new InferenceSession(model, s), source, intraOpThreads), source, paddingId)
    {
    }

    private OnnxEncoderSession(InferenceSession session, string source, int paddingId)
    {
        _session = session;
        _source = source;
        _paddingId = paddingId;
        var inputs = session.InputMetadata;
        if (!inputs.TryGetValue("input_ids", out var ids))
        {
            session.Dispose();
            throw ZhikuException.InvalidInput(
                $"{source}: the model has no input named input_ids (it has {string.Join(", ", inputs.Keys)}); " +
                "it is not a BERT-family encoder. 模型没有 input_ids 输入，不是 BERT 系列编码器模型。");
        }

        _int32Inputs = ids.ElementType == typeof(int);
        _wantsTokenTypes = inputs.ContainsKey("token_type_ids");
        _wantsAttentionMask = inputs.ContainsKey("attention_mask");
        var unknown = inputs.Keys.Except(["input_ids", "token_type_ids", "attention_mask"]).ToList();
        if (unknown.Count > 0)
        {
            session.Dispose();
            throw ZhikuException.InvalidInput(
                $"{source}: the model needs inputs Zhiku cannot fill ({string.Join(", ", unknown)}); export it with " +
                "input_ids/attention_mask/token_type_ids only. 模型需要无法提供的输入，请仅以 input_ids/attention_mask/token_type_ids 导出。");
        }

        OutputNames = [.. session.OutputMetadata.Keys];
        OutputMetadata = session.OutputMetadata;
    }

    public IReadOnlyList<string> OutputNames { get; }

    public IReadOnlyDictionary<string, NodeMetadata> OutputMetadata { get; }

    public string Source => _source;

    /// <summary>
    /// Runs one padded batch and returns the named output as (data, shape). The attention mask is returned too
    /// because mean pooling needs it. <paramref name="runOptions"/> lets a caller terminate a run mid-way.
    /// </summary>
    public (float[] Data, long[] Shape, long[] Mask, int SequenceLength) Run(
        IReadOnlyList<EncodedText> batch, string outputName, RunOptions? runOptions = null)
    {
        int rows = batch.Count;
        int length = batch.Max(b => b.Ids.Length);
        var ids = new long[rows * length];
        var mask = new long[rows * length];
        var types = new long[rows * length];
        for (int r = 0; r < rows; r++)
        {
            var row = batch[r];
            int offset = r * length;
            for (int i = 0; i < length; i++)
            {
                bool real = i < row.Ids.Length;
                ids[offset + i] = real ? row.Ids[i] : _paddingId;
                mask[offset + i] = real ? 1 : 0;
                types[offset + i] = real ? row.TypeIds[i] : 0;
            }
        }

        long[] shape = [rows, length];
        var names = new List<string> { "input_ids" };
        var values = new List<OrtValue> { Tensor(ids, shape) };
        if (_wantsAttentionMask)
        {
            names.Add("attention_mask");
            values.Add(Tensor(mask, shape));
        }

        if (_wantsTokenTypes)
        {
            names.Add("token_type_ids");
            values.Add(Tensor(types, shape));
        }

        try
        {
            using var options = runOptions is null ? new RunOptions() : null;
            using var outputs = _session.Run(runOptions ?? options!, names, values, [outputName]);
            var output = outputs[0];
            var outShape = output.GetTensorTypeAndShape().Shape;
            return (output.GetTensorDataAsSpan<float>().ToArray(), outShape, mask, length);
        }
        finally
        {
            foreach (var v in values)
            {
                v.Dispose();
            }
        }
    }

    public void Dispose() => _session.Dispose();

    private OrtValue Tensor(long[] data, long[] shape) => _int32Inputs
        ? OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(data, x => (int)x), shape)
        : OrtValue.CreateTensorValueFromMemory(data, shape);

    private static InferenceSession Open(Func<SessionOptions, InferenceSession> open, string source, int? intraOpThreads)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = Math.Max(1, intraOpThreads ?? Environment.ProcessorCount),
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        try
        {
            return open(options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw ZhikuException.InvalidInput(
                $"{source}: ONNX Runtime cannot load the model ({ex.Message}). Re-export it to ONNX (opset 11 or later). " +
                $"ONNX Runtime 无法加载该模型，请重新导出为 ONNX（opset 11 及以上）。", innerException: ex);
        }
    }
}
