using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Zhiku.Core.Indexing.Embeddings;

namespace Zhiku.Core.Tests.Indexing;

public sealed class BuiltinEmbeddingModelTests : IClassFixture<BuiltinModelFixture>
{
    private readonly OnnxEmbeddingGenerator _generator;

    public BuiltinEmbeddingModelTests(BuiltinModelFixture fixture) => _generator = fixture.Generator;

    [Fact]
    public async Task Vectors_are_384_dimensional_and_normalised()
    {
        var embeddings = await _generator.GenerateAsync(["hello world", "a second, longer sentence about databases"]);

        Assert.Equal(EmbeddingDefaults.BuiltinModelId, _generator.ModelId);
        Assert.Equal(384, _generator.Dimensions);
        Assert.All(embeddings, e =>
        {
            Assert.Equal(384, e.Vector.Length);
            Assert.Equal(1.0f, TensorPrimitives.Norm(e.Vector.Span), 3);
        });
        var metadata = _generator.GetService<EmbeddingGeneratorMetadata>();
        Assert.Equal(384, metadata?.DefaultModelDimensions);
    }

    [Fact]
    public async Task Password_question_is_closer_to_password_passage_than_to_cooking()
    {
        var e = await _generator.GenerateAsync([
            "How do I reset my password?",
            "To change your account password, open Settings, choose Security and click 'Reset password'.",
            "Simmer the tomatoes with garlic and olive oil for twenty minutes, then add basil.",
        ]);

        float related = TensorPrimitives.Dot(e[0].Vector.Span, e[1].Vector.Span);
        float unrelated = TensorPrimitives.Dot(e[0].Vector.Span, e[2].Vector.Span);
        Assert.True(related > unrelated + 0.2f, $"related {related}, unrelated {unrelated}");
    }

    [Fact]
    public async Task Batching_and_padding_do_not_change_a_vector()
    {
        var alone = await _generator.GenerateAsync(["short text"]);
        var inBatch = await _generator.GenerateAsync([
            "a much longer text that forces padding of the short one when both share a batch", "short text"]);

        float cosine = TensorPrimitives.Dot(alone[0].Vector.Span, inBatch[1].Vector.Span);
        Assert.True(cosine > 0.9999f, $"cosine {cosine}");
    }

    [Fact]
    public async Task Long_input_is_truncated_not_rejected()
    {
        string longText = string.Join(' ', Enumerable.Repeat("knowledge", 2000));

        var e = await _generator.GenerateAsync([longText]);

        Assert.Equal(384, e[0].Vector.Length);
    }
}
