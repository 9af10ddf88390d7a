using Zhiku.Core.Answering;
using Zhiku.Core.Evaluation;
using Zhiku.Core.Ingestion;

namespace Zhiku.Core.Tests.Evaluation;

/// <summary>The labelled question set for samples/ (eval/samples), run the way `zhiku eval --corpus samples` runs it.</summary>
public sealed class SamplesQuestionSetTests
{
    private static string Root()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Zhiku.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (Zhiku.slnx) not found above the test binaries");
    }

    [Fact]
    public async Task TheSamplesQuestionSetIsAnsweredAndItsUnanswerableQuestionsMostlyAreNot()
    {
        string root = Root();
        string set = Path.Combine(root, "eval", "samples");
        using var temp = new TempFolder();
        using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("eval", create: true);
        EvalReport report = await new EvalRunner(kb).RunAsync(Path.Combine(root, "samples"),
            Path.Combine(set, "queries.jsonl"), Path.Combine(set, "qrels.tsv"), negativesPath: Path.Combine(set, "negatives.jsonl"));

        Assert.True(report.Queries >= 40, $"{report.Queries} answerable questions");
        Assert.Equal(report.Queries, report.AnswerQueries);
        Assert.True(report.Negatives >= 15, $"{report.Negatives} unanswerable questions");
        // 61 of 62 since the spreadsheet, slides, email and scanned samples joined the corpus.
        Assert.True(report.Metrics["recall@5"] >= 0.98, $"recall@5 {report.Metrics["recall@5"]}");
        // Measured 0.855 / 0.056 (docs/benchmarks.md, "The asked unit in the found gate"; 0.839 / 0.111 before). The
        // issue's targets are 0.90 / 0.125: the second is met, the first is not yet.
        Assert.True(report.Metrics["askhit"] >= 0.85, $"askhit {report.Metrics["askhit"]}");
        Assert.True(report.Metrics["false_found_rate"] <= 0.06, $"false_found_rate {report.Metrics["false_found_rate"]}");

        // The outcomes `zhiku eval --answers-out` writes are the ones the metrics count.
        Assert.Equal(report.Queries + report.Negatives, report.Outcomes.Count);
        Assert.Equal(report.Metrics["askhit"], Math.Round(report.Outcomes.Count(o => o.Answerable && o.Hit == true) / (double)report.Queries, 4));
        Assert.Equal(report.Metrics["false_found_rate"], Math.Round(report.Outcomes.Count(o => !o.Answerable && o.Found) / (double)report.Negatives, 4));
        Assert.All(report.Outcomes.Where(o => !o.Answerable), o => Assert.StartsWith("neg-", o.Id));
    }

    [Fact]
    public async Task TheQuickStartQuestionIsAnsweredWithTheSixtyDayRule()
    {
        using var temp = new TempFolder();
        using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("default");
        await new Ingestor(kb).IngestAsync([Path.Combine(Root(), "samples")]);

        Answer answer = await kb.AskAsync("报销的时限是多久？");

        Assert.True(answer.Found, $"confidence {answer.Confidence}");
        Assert.Contains("60天", answer.Text);
    }
}
