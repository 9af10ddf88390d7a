using Zhiku.Core.Evaluation;

namespace Zhiku.Core.Tests.Evaluation;

public sealed class EvalRunnerTests
{
    [Fact]
    public async Task XquadZhRecallAtFiveIsAtLeastTheBm25Baseline()
    {
        string folder = SharedEval.Folder("xquad_zh");
        using var temp = new TempFolder();
        using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("eval", create: true);
        EvalReport report = await new EvalRunner(kb).RunAsync(
            Path.Combine(folder, "corpus.jsonl"), Path.Combine(folder, "queries.jsonl"), Path.Combine(folder, "qrels.tsv"));

        Assert.Equal(1190, report.Queries);
        Assert.True(report.Metrics["recall@5"] >= 0.991, $"recall@5 {report.Metrics["recall@5"]} below the BM25 baseline 0.991");
        Assert.True(report.Metrics["mrr@10"] >= 0.954, $"mrr@10 {report.Metrics["mrr@10"]} below the BM25 baseline 0.954");
    }

    [Fact]
    public async Task XquadEnHybridWithTheBuiltinModelBeatsTheBm25Baseline()
    {
        string folder = SharedEval.Folder("xquad_en");
        using var temp = new TempFolder();
        using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("eval", create: true);
        EvalReport report = await new EvalRunner(kb, mode: EvalMode.Hybrid).RunAsync(
            Path.Combine(folder, "corpus.jsonl"), Path.Combine(folder, "queries.jsonl"), Path.Combine(folder, "qrels.tsv"));

        Assert.Equal(EvalMode.Hybrid, report.Mode);
        Assert.Equal(Zhiku.Core.Indexing.Hybrid.DenseState.Ready, (await kb.Vectors.GetStatusAsync()).State);
        Assert.True(report.Metrics["recall@5"] >= 0.987, $"recall@5 {report.Metrics["recall@5"]} below the BM25 baseline 0.987");
        Assert.True(report.Metrics["mrr@10"] >= 0.953, $"mrr@10 {report.Metrics["mrr@10"]} below the BM25 baseline 0.953");
    }

    [Fact]
    public void AQueryWithoutAGoldAnswerIsNotCountedInAnswerMetrics()
    {
        var query = new EvalQuery("q", "text", [], new HashSet<string> { "a" });
        var result = new Zhiku.Core.Indexing.SearchResult(new Zhiku.Core.Storage.ChunkRecord(1, 1, 0, "", null, 0, 2, "文本", "t", null, "a"), 1, 1);
        var answer = new Zhiku.Core.Answering.Answer(true, "文本[1]", [], [], "extractive", 1);
        var scores = EvalRunner.Score(query, [result], answer).ToDictionary(s => s.Name, s => s.Value);
        Assert.Equal(1, scores["recall@1"]);
        Assert.DoesNotContain("askhit", scores.Keys);
        Assert.DoesNotContain("anshit@1", scores.Keys);
        Assert.DoesNotContain("anshit@5", scores.Keys);
    }

    [Fact]
    public void MetricsFollowTheirDefinitions()
    {
        var query = new EvalQuery("q", "text", ["答案"], new HashSet<string> { "b", "c" });
        var chunk = (string ext, string text) => new Zhiku.Core.Indexing.SearchResult(
            new Zhiku.Core.Storage.ChunkRecord(1, 1, 0, "", null, 0, text.Length, text, "t", null, ext), 1, 1);
        var results = new[] { chunk("a", "无关"), chunk("b", "含有答案的段落"), chunk("b", "重复"), chunk("c", "x") };
        var answer = new Zhiku.Core.Answering.Answer(true, "答案是这个[1]", [], [], "extractive", 1);
        var scores = EvalRunner.Score(query, results, answer).ToDictionary(s => s.Name, s => s.Value);
        Assert.Equal(0, scores["recall@1"]);
        Assert.Equal(1, scores["recall@5"]);
        Assert.Equal(0.5, scores["mrr@10"]);
        Assert.Equal(0, scores["anshit@1"]);
        Assert.Equal(1, scores["anshit@5"]);
        Assert.Equal(1, scores["askhit"]);
        double dcg = 1 / Math.Log2(3) + 1 / Math.Log2(4);
        double idcg = 1 + 1 / Math.Log2(3);
        Assert.Equal(dcg / idcg, scores["ndcg@10"], 6);
    }
}
