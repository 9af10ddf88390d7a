using System.Text;
using Zhiku.Core.Documents;

namespace Zhiku.Core.Tests.Documents;

/// <summary>Plain text and Markdown, in every encoding, with structure and exact offsets.</summary>
public sealed class TextFormatTests
{
    [Theory]
    [MemberData(nameof(TextFileDecoderTests.Encodings), MemberType = typeof(TextFileDecoderTests))]
    public async Task Txt_reads_each_encoding(string encoding, string sentence)
    {
        var text = $"通知\r\n\r\n{sentence}\r\n第二行。\r\n";

        var document = await ParseAssert.ReadOneAsync("notice.txt", TextFileDecoderTests.Encode(encoding, text));

        Assert.Equal($"通知\n\n{sentence}\n第二行。", document.Text);
        Assert.Equal(2, document.Blocks.Count);
        Assert.Equal("notice", document.Title);
        Assert.Equal("txt", document.Format);
    }

    [Fact]
    public async Task Txt_paragraph_offsets_are_exact()
    {
        var document = await ParseAssert.ReadOneAsync("a.txt", Encoding.UTF8.GetBytes("  first para\nline two  \n\n\n\tsecond\r\rthird"));

        Assert.Equal(["first para\nline two", "second", "third"], document.Blocks.Select(b => ParseAssert.BlockText(document, b)));
        Assert.All(document.Blocks, b => Assert.Equal(BlockKind.Paragraph, b.Kind));
    }

    [Fact]
    public async Task Md_headings_become_blocks_and_paths()
    {
        const string md = """
            # 员工手册

            前言段落，**加粗**和[链接](https://example.com)以及`代码`。

            ## 假期

            ### 年假

            试用期员工不享受带薪年假，
            转正后按比例折算。

            - 列表项一
            - 列表项二

            ## 报销

            | 类别 | 标准 |
            | --- | --- |
            | 住宿 | 每晚550元 |
            """;

        var document = await ParseAssert.ReadOneAsync("handbook.md", Encoding.UTF8.GetBytes(md));

        Assert.Equal("员工手册", document.Title);
        var leave = ParseAssert.BlockContaining(document, "试用期员工不享受带薪年假");
        Assert.Equal("员工手册 > 假期 > 年假", leave.HeadingPath);
        Assert.Equal("试用期员工不享受带薪年假，转正后按比例折算。", ParseAssert.BlockText(document, leave));
        var heading = ParseAssert.BlockContaining(document, "报销");
        Assert.Equal(BlockKind.Heading, heading.Kind);
        Assert.Equal("员工手册 > 报销", heading.HeadingPath);
        Assert.Contains("前言段落，加粗和链接以及代码。", document.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("**", document.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("](", document.Text, StringComparison.Ordinal);
        var row = ParseAssert.BlockContaining(document, "每晚550元");
        Assert.Equal(BlockKind.Row, row.Kind);
        Assert.Equal("类别: 住宿; 标准: 每晚550元", ParseAssert.BlockText(document, row));
        Assert.Equal("列表项一", ParseAssert.BlockText(document, ParseAssert.BlockContaining(document, "列表项一")));
    }

    [Fact]
    public async Task Md_in_gbk_is_read()
    {
        var bytes = TextFileDecoderTests.Encode("gbk", "# 标题\n\n正文内容在这里。");

        var document = await ParseAssert.ReadOneAsync("gbk.md", bytes);

        Assert.Equal("标题", document.Title);
        Assert.Contains("正文内容在这里。", document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Md_english_soft_breaks_become_spaces()
    {
        var document = await ParseAssert.ReadOneAsync("en.md", Encoding.UTF8.GetBytes("Claims are paid\nwithin five days."));

        Assert.Equal("Claims are paid within five days.", document.Text);
    }
}
