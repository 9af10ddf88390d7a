using BenchmarkDotNet.Attributes;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;
using Zhiku.Core.Indexing.Analysis;

namespace Zhiku.Benchmarks;

/// <summary>Zhiku's analysis of a 2,000-character chunk against Lucene's stock CJKAnalyzer (overlapping bigrams) as baseline.</summary>
[MemoryDiagnoser]
public class AnalysisBenchmarks
{
    private readonly CJKAnalyzer cjk = new(LuceneVersion.LUCENE_48);
    private string text = "";

    [GlobalSetup]
    public void Setup()
    {
        text = SampleText.Chunk2000;
        _ = TermAnalyzer.Shared.Analyze(text, IndexField.Words);
    }

    [Benchmark(Baseline = true)]
    public int LuceneCjkBigrams()
    {
        using TokenStream stream = cjk.GetTokenStream("f", text);
        ICharTermAttribute term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        int count = 0;
        while (stream.IncrementToken())
        {
            count += term.Length > 0 ? 1 : 0;
        }

        stream.End();
        return count;
    }

    [Benchmark]
    public int ZhikuBigramField() => TermAnalyzer.Shared.Analyze(text, IndexField.Bigrams, weighQuestionWords: false).Count;

    [Benchmark]
    public int ZhikuWordField() => TermAnalyzer.Shared.Analyze(text, IndexField.Words, weighQuestionWords: false).Count;

    [Benchmark]
    public int ZhikuQueryAnalysis() => TermAnalyzer.Shared.Analyze(text[..60], IndexField.Bigrams).Count;
}
