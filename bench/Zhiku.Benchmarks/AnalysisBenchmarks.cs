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
    private readonly CJKAnalyzer _cjk = new(LuceneVersion.LUCENE_48);
    private string _text = "";

    [GlobalSetup]
    public void Setup()
    {
        _text = SampleText.Chunk2000;
        _ = TermAnalyzer.Shared.Analyze(_text, IndexField.Words);
    }

    [Benchmark(Baseline = true)]
    public int LuceneCjkBigrams()
    {
        using TokenStream stream = _cjk.GetTokenStream("f", _text);
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
    public int ZhikuBigramField() => TermAnalyzer.Shared.Analyze(_text, IndexField.Bigrams, weighQuestionWords: false).Count;

    [Benchmark]
    public int ZhikuWordField() => TermAnalyzer.Shared.Analyze(_text, IndexField.Words, weighQuestionWords: false).Count;

    [Benchmark]
    public int ZhikuQueryAnalysis() => TermAnalyzer.Shared.Analyze(_text[..60], IndexField.Bigrams).Count;
}
