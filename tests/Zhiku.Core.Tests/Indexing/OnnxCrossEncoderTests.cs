using Zhiku.Core.Indexing.Embeddings;
using Zhiku.Core.Indexing.Reranking;

namespace Zhiku.Core.Tests.Indexing;

/// <summary>
/// No real cross-encoder ships in any package here, so these tests use a tiny hand-built ONNX graph with a
/// cross-encoder's interface (input_ids, attention_mask, token_type_ids -> logits [batch, 1]) whose "relevance" is
/// the sum of the passage segment's token ids. That checks pair encoding, segment ids, batching and output
/// parsing exactly; it says nothing about ranking quality, which needs a real model such as bge-reranker-base.
/// </summary>
public sealed class OnnxCrossEncoderTests
{
    [Fact]
    public async Task Scores_come_from_the_passage_segment_of_each_pair()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder.Combine("model.onnx"), SegmentSumModel());
        File.WriteAllBytes(folder.Combine("vocab.txt"), BuiltinEmbeddingModel.ReadVocabulary());
        using var encoder = OnnxCrossEncoder.FromFolder(folder.Path, maxTokens: 64);
        string[] passages = ["reset your password in settings", "tomato soup", ""];

        var scores = await encoder.ScoreAsync("how do I reset my password", passages);

        using var vocab = new MemoryStream(BuiltinEmbeddingModel.ReadVocabulary());
        var tokenizer = WordPieceModelTokenizer.Create(vocab, lowerCase: true, stripAccents: true);
        for (int i = 0; i < passages.Length; i++)
        {
            var pair = tokenizer.EncodePair("how do I reset my password", passages[i], 64);
            float expected = pair.Ids.Where((_, t) => pair.TypeIds[t] == 1).Sum();
            Assert.Equal(expected, scores[i]);
        }

        Assert.Equal(102f, scores[2]); // an empty passage is just the closing [SEP]
    }

    [Fact]
    public async Task Reranker_orders_by_the_onnx_scores()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder.Combine("model.onnx"), SegmentSumModel());
        File.WriteAllBytes(folder.Combine("vocab.txt"), BuiltinEmbeddingModel.ReadVocabulary());
        using var encoder = OnnxCrossEncoder.FromFolder(folder.Path);
        var reranker = new CrossEncoderReranker(encoder);
        RerankCandidate[] candidates = [new(1, "a"), new(2, "zebra zebra zebra"), new(3, "zebra")];

        var result = await reranker.RerankAsync("q", candidates, new RerankOptions { Budget = Timeout.InfiniteTimeSpan });

        Assert.Equal([2L, 3L, 1L], result.Hits.Select(h => h.ChunkId));
        Assert.Equal(3, result.Scored);
    }

    [Fact]
    public async Task An_embedding_model_is_refused_as_a_cross_encoder()
    {
        using var folder = new TempFolder();
        await BuiltinEmbeddingModel.ExportAsync(folder.Path);

        var ex = Assert.Throws<ZhikuException>(() => OnnxCrossEncoder.FromFolder(folder.Path));

        Assert.Contains("cross-encoder", ex.Message);
    }

    /// <summary>ONNX (opset 11): logits = ReduceSum(Cast(input_ids * token_type_ids, float), axes=[1], keepdims=1).</summary>
    private static byte[] SegmentSumModel()
    {
        var graph = new ProtobufWriter();
        graph.WriteMessage(1, Node("Mul", ["input_ids", "token_type_ids"], "masked"));
        graph.WriteMessage(1, Node("Cast", ["masked"], "masked_f", ("to", 1)));
        var sum = Node("ReduceSum", ["masked_f"], "logits", ("keepdims", 1));
        var axes = new ProtobufWriter();
        axes.WriteString(1, "axes");
        axes.WriteVarint(8, 1);
        axes.WriteVarint(20, 7); // INTS
        sum.WriteMessage(5, axes);
        graph.WriteMessage(1, sum);
        graph.WriteString(2, "segment_sum");
        graph.WriteMessage(11, Tensor("input_ids", 7, "batch", "sequence"));
        graph.WriteMessage(11, Tensor("attention_mask", 7, "batch", "sequence"));
        graph.WriteMessage(11, Tensor("token_type_ids", 7, "batch", "sequence"));
        graph.WriteMessage(12, Tensor("logits", 1, "batch", null));

        var model = new ProtobufWriter();
        model.WriteVarint(1, 7); // ir_version
        model.WriteString(2, "zhiku-tests");
        model.WriteMessage(7, graph);
        var opset = new ProtobufWriter();
        opset.WriteString(1, "");
        opset.WriteVarint(2, 11);
        model.WriteMessage(8, opset);
        return model.ToArray();
    }

    private static ProtobufWriter Node(string op, string[] inputs, string output, params (string Name, long Value)[] intAttributes)
    {
        var node = new ProtobufWriter();
        foreach (string input in inputs)
        {
            node.WriteString(1, input);
        }

        node.WriteString(2, output);
        node.WriteString(3, op + "_node");
        node.WriteString(4, op);
        foreach (var (name, value) in intAttributes)
        {
            var attribute = new ProtobufWriter();
            attribute.WriteString(1, name);
            attribute.WriteVarint(3, value);
            attribute.WriteVarint(20, 2); // INT
            node.WriteMessage(5, attribute);
        }

        return node;
    }

    // A value with a symbolic first dimension and either a symbolic or a fixed (1) second dimension.
    private static ProtobufWriter Tensor(string name, int elementType, string firstDim, string? secondDim)
    {
        var shape = new ProtobufWriter();
        var d0 = new ProtobufWriter();
        d0.WriteString(2, firstDim);
        shape.WriteMessage(1, d0);
        var d1 = new ProtobufWriter();
        if (secondDim is null)
        {
            d1.WriteVarint(1, 1);
        }
        else
        {
            d1.WriteString(2, secondDim);
        }

        shape.WriteMessage(1, d1);
        var tensor = new ProtobufWriter();
        tensor.WriteVarint(1, elementType);
        tensor.WriteMessage(2, shape);
        var type = new ProtobufWriter();
        type.WriteMessage(1, tensor);
        var value = new ProtobufWriter();
        value.WriteString(1, name);
        value.WriteMessage(2, type);
        return value;
    }
}
