using Zhiku.Core.Indexing.Embeddings;

namespace Zhiku.Core.Tests.Indexing;

/// <summary>
/// A tiny hand-built ONNX graph with a cross-encoder's interface (input_ids, attention_mask, token_type_ids -> logits
/// [batch, 1]) whose "relevance" is the sum of the passage segment's token ids, with the built-in model's WordPiece
/// vocabulary: no real cross-encoder ships in any package here.
/// </summary>
internal static class SegmentSumCrossEncoder
{
    /// <summary>Writes model.onnx and vocab.txt into <paramref name="folder"/>.</summary>
    public static void WriteFolder(string folder)
    {
        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), SegmentSumModel());
        File.WriteAllBytes(Path.Combine(folder, "vocab.txt"), BuiltinEmbeddingModel.ReadVocabulary());
    }

    /// <summary>ONNX (opset 11): logits = ReduceSum(Cast(input_ids * token_type_ids, float), axes=[1], keepdims=1).</summary>
    public static byte[] SegmentSumModel()
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
