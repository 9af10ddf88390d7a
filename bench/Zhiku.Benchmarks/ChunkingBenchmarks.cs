using BenchmarkDotNet.Attributes;
using Zhiku.Core.Chunking;
using Zhiku.Core.Documents;
using Zhiku.Core.Text;

namespace Zhiku.Benchmarks;

/// <summary>Chunking a 2,000-character document against splitting it into sentences only (baseline).</summary>
[MemoryDiagnoser]
public class ChunkingBenchmarks
{
    private readonly Chunker _chunker = new();
    private ExtractedDocument _document = null!;

    [GlobalSetup]
    public void Setup()
    {
        string text = SampleText.Chunk2000;
        _document = new ExtractedDocument(null, "t", text, [new TextBlock(0, text.Length, BlockKind.Paragraph, "", null)], "md");
    }

    [Benchmark(Baseline = true)]
    public int SentencesOnly() => SentenceSplitter.Split(_document.Text, 0, _document.Text.Length).Count;

    [Benchmark]
    public int Chunk() => _chunker.Chunk(_document).Count;
}
