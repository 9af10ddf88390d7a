using Zhiku.Core.Indexing.Embeddings;
using Zhiku.Core.Indexing.Reranking;

namespace Zhiku.Core.Tests.Indexing;

/// <summary>
/// No real cross-encoder ships in any package here, so these tests use a tiny hand-built ONNX graph
/// (<see cref="SegmentSumCrossEncoder"/>). That checks pair encoding, segment ids, batching and output parsing
/// exactly; it says nothing about ranking quality, which needs a real model such as bge-reranker-base.
/// </summary>
public sealed class OnnxCrossEncoderTests
{
    [Fact]
    public async Task Scores_come_from_the_passage_segment_of_each_pair()
    {
        using var folder = new TempFolder();
        SegmentSumCrossEncoder.WriteFolder(folder.Path);
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
        SegmentSumCrossEncoder.WriteFolder(folder.Path);
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
}
