using System.Globalization;
using System.Text.Json;
using Xunit.Abstractions;
using Zhiku.Core.Answering.Citations;

namespace Zhiku.Core.Tests.Answering;

/// <summary>
/// Recomputes the calibration behind <see cref="SupportScorer.DefaultThreshold"/> on ../shared/eval: a claim
/// ("question answer") scored against its gold passage is a supported case, against the highest-scoring other
/// passage of the same article (or, with one passage per article, the most overlapping other passage) an unsupported one. Fails if the default stops being (near) the threshold that
/// best separates them, or if separation itself degrades.
/// </summary>
public sealed class SupportThresholdCalibrationTests(ITestOutputHelper output)
{
    private const int QueriesPerSet = 600;

    [Theory]
    [InlineData("cmrc2018")]
    [InlineData("xquad_en")]
    public void Default_threshold_separates_supported_from_unsupported_claims(string set)
    {
        (List<double> positives, List<double> negatives) = Scores(set);
        Assert.True(positives.Count >= 300 && negatives.Count >= 300, $"too few cases: {positives.Count}/{negatives.Count}");

        (double best, double bestAccuracy) = Enumerable.Range(5, 91).Select(i => i / 100.0)
            .Select(t => (t, BalancedAccuracy(positives, negatives, t)))
            .MaxBy(x => x.Item2);
        double atDefault = BalancedAccuracy(positives, negatives, SupportScorer.DefaultThreshold);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{set}: n+={positives.Count} n-={negatives.Count} median+={Median(positives):F3} median-={Median(negatives):F3} best={best:F2} ({bestAccuracy:F3}) default={SupportScorer.DefaultThreshold:F2} ({atDefault:F3})"));

        Assert.True(atDefault >= bestAccuracy - 0.03, $"default {SupportScorer.DefaultThreshold} gives {atDefault:F3}, best {best} gives {bestAccuracy:F3}");
        Assert.True(atDefault >= 0.80, $"balanced accuracy {atDefault:F3} at the default threshold");
    }

    private static (List<double> Positives, List<double> Negatives) Scores(string set)
    {
        string folder = Path.Combine(EvalRoot(), set);
        var passages = File.ReadLines(Path.Combine(folder, "corpus.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(e => e.GetProperty("id").GetString()!, e => (Title: e.GetProperty("title").GetString() ?? "", Text: e.GetProperty("text").GetString()!));
        var gold = File.ReadLines(Path.Combine(folder, "qrels.tsv"))
            .Select(line => line.Split('\t'))
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.Select(p => p[1]).ToHashSet());
        var byTitle = passages.GroupBy(p => p.Value.Title).ToDictionary(g => g.Key, g => g.Select(p => p.Key).ToList());
        var profiles = new Dictionary<string, (HashSet<string> Terms, HashSet<string> Numbers)>();
        (HashSet<string> Terms, HashSet<string> Numbers) Profile(string id) => profiles.TryGetValue(id, out var p) ? p
            : profiles[id] = (TextTerms.Terms(passages[id].Text), FactExtractor.SourceNumbers(passages[id].Text));

        var positives = new List<double>();
        var negatives = new List<double>();
        foreach (JsonElement query in File.ReadLines(Path.Combine(folder, "queries.jsonl")).Take(QueriesPerSet).Select(l => JsonDocument.Parse(l).RootElement))
        {
            string id = query.GetProperty("id").GetString()!;
            string answer = query.GetProperty("answers")[0].GetString()!;
            string claim = query.GetProperty("text").GetString()!.TrimEnd('?', '？', ' ') + " " + answer;
            string goldId = gold[id].First();
            (HashSet<string> terms, HashSet<string> numbers) = Profile(goldId);
            positives.Add(SupportScorer.Lexical(claim, terms, numbers));

            // Hard negative: another passage of the same article, else (one passage per article, as in cmrc2018)
            // the passage of another article sharing the most claim terms.
            var others = byTitle[passages[goldId].Title].Where(p => !gold[id].Contains(p)).ToList();
            if (others.Count == 0)
            {
                HashSet<string> claimTerms = TextTerms.Terms(claim);
                others = [passages.Keys.Where(p => !gold[id].Contains(p)).MaxBy(p => claimTerms.Count(Profile(p).Terms.Contains))!];
            }

            negatives.Add(others.Max(o => SupportScorer.Lexical(claim, Profile(o).Terms, Profile(o).Numbers)));
        }

        return (positives, negatives);
    }

    private static double BalancedAccuracy(List<double> positives, List<double> negatives, double threshold) =>
        (positives.Count(s => s >= threshold) / (double)positives.Count + negatives.Count(s => s < threshold) / (double)negatives.Count) / 2;

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    internal static string EvalRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Zhiku.slnx")))
            {
                string eval = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "eval"));
                Assert.True(Directory.Exists(eval), $"The shared eval sets are expected at {eval} (../shared/eval from the repository root); they are missing.");
                return eval;
            }
        }

        throw new InvalidOperationException("Repository root (Zhiku.slnx) not found above " + AppContext.BaseDirectory);
    }
}
