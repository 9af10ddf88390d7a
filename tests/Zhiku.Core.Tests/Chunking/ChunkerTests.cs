using Zhiku.Core.Chunking;
using Zhiku.Core.Documents;
using Zhiku.Core.Text;

namespace Zhiku.Core.Tests.Chunking;

public sealed class ChunkerTests
{
    private static ExtractedDocument Document(params (BlockKind Kind, string Text, string Heading, int? Page)[] blocks)
    {
        var text = new System.Text.StringBuilder();
        var list = new List<TextBlock>();
        foreach (var b in blocks)
        {
            list.Add(new TextBlock(text.Length, b.Text.Length, b.Kind, b.Heading, b.Page));
            text.Append(b.Text).Append('\n');
        }

        return new ExtractedDocument(null, "t", text.ToString(), list, "md");
    }

    [Fact]
    public void ChunksAreExactSpansOfTheText()
    {
        string paragraph = string.Concat(Enumerable.Repeat("员工试用期一般为三个月。试用期内不享受带薪年假。", 40));
        ExtractedDocument doc = Document((BlockKind.Heading, "第一章 休假", "第一章 休假", null), (BlockKind.Paragraph, paragraph, "第一章 休假", null));
        IReadOnlyList<TextChunk> chunks = new Chunker(new ChunkingOptions { TargetChars = 200, OverlapChars = 30 }).Chunk(doc);
        Assert.True(chunks.Count > 3);
        foreach (TextChunk chunk in chunks)
        {
            Assert.Equal(doc.Text[chunk.Start..chunk.End], chunk.Text);
            Assert.True(chunk.Text.Length <= 200, $"chunk of {chunk.Text.Length} chars");
            Assert.EndsWith("。", chunk.Text);
        }
    }

    [Fact]
    public void HeadingsAndPagesStartNewChunks()
    {
        ExtractedDocument doc = Document(
            (BlockKind.Heading, "年假", "年假", 1),
            (BlockKind.Paragraph, "转正后可以休年假。", "年假", 1),
            (BlockKind.Paragraph, "第二页的内容。", "年假", 2),
            (BlockKind.Heading, "报销", "报销", 2),
            (BlockKind.Paragraph, "报销需在三十天内提交。", "报销", 2));
        IReadOnlyList<TextChunk> chunks = new Chunker().Chunk(doc);
        Assert.Equal(3, chunks.Count);
        Assert.StartsWith("年假", chunks[0].Text);
        Assert.Equal(2, chunks[1].Page);
        Assert.StartsWith("报销", chunks[2].Text);
        Assert.Equal("报销", chunks[2].HeadingPath);
    }

    [Fact]
    public void RowsAreNeverMerged()
    {
        ExtractedDocument doc = Document((BlockKind.Row, "姓名: 张三", "", null), (BlockKind.Row, "姓名: 李四", "", null));
        Assert.Equal(2, new Chunker().Chunk(doc).Count);
    }

    [Fact]
    public async Task AWideCsvRowIsSplitIntoColumnGroupsThatEachKeepTheirHeaders()
    {
        // Issue 11 item 10: a CSV with a very wide row became one chunk of millions of characters.
        const int columns = 200_000;
        var csv = new System.Text.StringBuilder();
        csv.AppendJoin(',', Enumerable.Range(0, columns).Select(i => $"字段{i}")).Append('\n');
        csv.AppendJoin(',', Enumerable.Range(0, columns).Select(i => $"v{i}"));
        var parsed = await new CsvParser().ParseAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv.ToString())), "wide.csv");
        var options = new ChunkingOptions { TargetChars = 500 };

        IReadOnlyList<TextChunk> chunks = new Chunker(options).Chunk(Assert.Single(parsed));

        Assert.True(chunks.Count > 1000, $"{chunks.Count} chunks");
        Assert.All(chunks, c =>
        {
            Assert.True(c.Text.Length <= options.TargetChars, $"chunk of {c.Text.Length} chars");
            Assert.StartsWith("字段", c.Text, StringComparison.Ordinal);
            Assert.False(c.Text.EndsWith(';'), c.Text[^10..]);
        });
        Assert.Contains(chunks, c => c.Text.Contains("字段199999: v199999", StringComparison.Ordinal));
    }

    [Fact]
    public void ARowThatFitsIsNeverSplit()
    {
        string row = string.Join("; ", Enumerable.Range(0, 60).Select(i => $"列{i}: 值{i}"));
        Assert.True(row.Length is > 500 and <= 1000);
        IReadOnlyList<TextChunk> chunks = new Chunker().Chunk(Document((BlockKind.Row, row, "价格表!A2:BH2", null)));
        Assert.Equal(row, Assert.Single(chunks).Text);
        Assert.Equal("价格表!A2:BH2", chunks[0].HeadingPath);
    }

    [Fact]
    public void AHugeSingleCellIsCutToo()
    {
        string row = "备注: " + new string('长', 5000) + "; 价格: 100元";
        IReadOnlyList<TextChunk> chunks = new Chunker().Chunk(Document((BlockKind.Row, row, "", null)));
        Assert.All(chunks, c => Assert.True(c.Text.Length <= 1000, $"chunk of {c.Text.Length} chars"));
        Assert.Equal("价格: 100元", chunks[^1].Text);
    }

    [Fact]
    public void OverlongSentenceIsCutNearTheTarget()
    {
        string sentence = string.Concat(Enumerable.Repeat("很长的句子没有句号，", 200));
        IReadOnlyList<TextChunk> chunks = new Chunker(new ChunkingOptions { TargetChars = 100, OverlapChars = 0 })
            .Chunk(Document((BlockKind.Paragraph, sentence, "", null)));
        Assert.True(chunks.Count >= 10);
        Assert.All(chunks, c => Assert.True(c.Text.Length <= 200));
    }

    [Fact]
    public void OverlapRepeatsTrailingSentences()
    {
        string text = string.Join("", Enumerable.Range(1, 30).Select(i => $"这是第{i}句话。"));
        IReadOnlyList<TextChunk> chunks = new Chunker(new ChunkingOptions { TargetChars = 60, OverlapChars = 20 })
            .Chunk(Document((BlockKind.Paragraph, text, "", null)));
        Assert.True(chunks[1].Start < chunks[0].End);
    }

    [Fact]
    public void SentenceSplitterKeepsDecimalsAndVersions()
    {
        const string text = "The rate is 3.5 percent. Version v2.1 was released. 价格是3.5元。好的！";
        var spans = SentenceSplitter.Split(text, 0, text.Length).Select(s => text[s.Start..s.End]).ToList();
        Assert.Equal(["The rate is 3.5 percent.", "Version v2.1 was released.", "价格是3.5元。", "好的！"], spans);
    }
}
