using System.Text;
using Zhiku.Core.Documents;
using Zhiku.TestSupport;

namespace Zhiku.Core.Tests.Documents;

/// <summary>Deep nesting: text in nested tables is kept, hostile depth is read flat (linear, no recursion) or
/// refused, never a stack overflow or quadratic time.</summary>
public sealed class NestingTests
{
    [Fact]
    public async Task Text_inside_nested_docx_tables_is_kept()
    {
        string body = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>外层</w:t></w:r></w:p>" +
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>内层甲 NESTEDA</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>内层乙</w:t></w:r></w:p>" +
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>第三层 NESTEDC</w:t></w:r></w:p></w:tc></w:tr></w:tbl>" +
            "</w:tc></w:tr></w:tbl></w:tc><w:tc><w:p><w:r><w:t>右格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";

        ExtractedDocument document = await ParseAssert.ReadOneAsync("nested.docx", HostileFiles.Docx(body));

        Assert.Contains("NESTEDA", document.Text);
        Assert.Contains("内层乙", document.Text);
        Assert.Contains("NESTEDC", document.Text);
        Assert.Contains("右格", document.Text);
        Assert.Contains(document.Blocks, b => b.Kind == BlockKind.Row);
    }

    [Fact]
    public async Task Twenty_thousand_nested_docx_tables_are_read_flat_with_their_text()
    {
        byte[] docx = HostileFiles.NestedTablesDocx(20_000, "最内层 INNERMOST42");
        Assert.True(docx.Length < 8 * 1024, $"{docx.Length} bytes");

        ExtractedDocument document = await ParseAssert.ReadOneAsync("nested.docx", docx);

        Assert.Contains("INNERMOST42", document.Text);
        Assert.Contains("表格之前的段落。", document.Text);
        Assert.Contains("表格之后的段落。", document.Text);
    }

    [Fact]
    public async Task A_hundred_thousand_nested_divs_are_read_flat_with_their_text()
    {
        ExtractedDocument document = await ParseAssert.ReadOneAsync("deep.html", Encoding.UTF8.GetBytes(HostileFiles.NestedDivsHtml(100_000, "深处 DEEPDIV42")));

        Assert.Contains("DEEPDIV42", document.Text);
        Assert.Contains("开头的段落。", document.Text);
        Assert.Contains("结尾的段落。", document.Text);
        Assert.DoesNotContain("<div>", document.Text);
    }

    [Fact]
    public async Task Markdown_nested_past_the_limit_is_read_as_plain_paragraphs()
    {
        ExtractedDocument quotes = await ParseAssert.ReadOneAsync("quotes.md", Encoding.UTF8.GetBytes(new string('>', 50_000) + " 引用 DEEPQUOTE9\n"));
        Assert.Contains("DEEPQUOTE9", quotes.Text);

        string lists = "# 清单\n\n" + string.Concat(Enumerable.Range(0, 2000).Select(i => new string(' ', i * 2) + $"- 第{i}项\n"));
        ExtractedDocument nested = await ParseAssert.ReadOneAsync("lists.md", Encoding.UTF8.GetBytes(lists));
        Assert.Contains("第1999项", nested.Text);

        ExtractedDocument shallow = await ParseAssert.ReadOneAsync("ok.md", Encoding.UTF8.GetBytes("# 标题\n\n> 引用\n\n- 一\n  - 二\n"));
        Assert.Contains(shallow.Blocks, b => b.Kind == BlockKind.Heading);
    }

    [Fact]
    public async Task Html_within_the_depth_limit_keeps_its_structure()
    {
        string html = "<html><body><h1>标题</h1>" + string.Concat(Enumerable.Repeat("<div>", 100)) + "<p>正文 SHALLOW</p>" +
            string.Concat(Enumerable.Repeat("</div>", 100)) + "</body></html>";
        Assert.InRange(NestingDepth.Html(html, 512), 100, 110);

        ExtractedDocument document = await ParseAssert.ReadOneAsync("ok.html", Encoding.UTF8.GetBytes(html));

        Assert.Contains(document.Blocks, b => b.Kind == BlockKind.Heading);
        Assert.Contains("SHALLOW", document.Text);
    }

    [Fact]
    public async Task A_pdf_with_a_ten_thousand_deep_resource_dictionary_fails_instead_of_reading_empty()
    {
        DocumentParseException error = await ParseAssert.FailsAsync("deep.pdf", HostileFiles.DeepResourcesPdf(10_000));

        Assert.Contains("levels deep", error.Message);
    }

    [Fact]
    public async Task The_generated_pdf_reads_when_it_is_not_deep()
    {
        ExtractedDocument document = await ParseAssert.ReadOneAsync("ok.pdf", HostileFiles.DeepResourcesPdf(3));

        Assert.Contains("Hello PDF", document.Text);
    }

    [Fact]
    public void Depth_counting_skips_pdf_streams_and_comments()
    {
        byte[] pdf = Encoding.ASCII.GetBytes("%PDF-1.4 [[[[\n1 0 obj << /A [1 2] >>\nstream\n<<<<<<<<[[[[[[\nendstream\nendobj\n");
        Assert.Equal(2, NestingDepth.Pdf(pdf, 512));
    }
}
