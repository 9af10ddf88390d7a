using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Zhiku.Core.Documents;

namespace Zhiku.Core.Tests.Documents;

public sealed class DocxParserTests
{
    [Fact]
    public async Task Heading_styles_outline_levels_and_tables_are_kept()
    {
        var document = await ParseAssert.ReadOneAsync("manual.docx", Manual());

        Assert.Equal("docx", document.Format);
        Assert.Equal("产品手册", document.Title);
        var spec = ParseAssert.BlockContaining(document, "技术规格");
        Assert.Equal(BlockKind.Heading, spec.Kind);
        Assert.Equal("产品手册 > 技术规格", spec.HeadingPath);
        var power = ParseAssert.BlockContaining(document, "供电电压");
        Assert.Equal("产品手册 > 技术规格 > 电源", power.HeadingPath);
        Assert.Equal("供电电压为DC 12–36 V。", ParseAssert.BlockText(document, power));
        var outline = ParseAssert.BlockContaining(document, "保修");
        Assert.Equal(BlockKind.Heading, outline.Kind);
        var row = ParseAssert.BlockContaining(document, "ZK-2024-001");
        Assert.Equal(BlockKind.Row, row.Kind);
        Assert.Equal("型号: ZK-2024-001; 版本: V2.3.0", ParseAssert.BlockText(document, row));
        Assert.DoesNotContain("删除的文字", document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_docx_that_is_not_a_zip_is_refused()
    {
        var error = await ParseAssert.FailsAsync("report.docx", Encoding.UTF8.GetBytes("This is a plain text file renamed to .docx"));

        Assert.Contains("not a zip", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_zip_is_refused()
    {
        var bytes = Manual();
        bytes = bytes[..(bytes.Length / 2)];

        await ParseAssert.FailsAsync("damaged.docx", bytes);
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_before_it_is_unpacked()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            var block = new byte[1024 * 1024];
            for (var i = 0; i < 8; i++)
            {
                entry.Write(block);
            }
        }

        var options = new DocumentReaderOptions { MaxUnpackedRatio = 20, MinUnpackedBytes = 1024 * 1024 };
        var bomb = stream.ToArray();
        Assert.True(bomb.Length < 100_000);

        var error = await ParseAssert.FailsAsync("bomb.docx", bomb, options);

        Assert.Contains("zip bomb", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unpacked_limit_scales_with_size_between_floor_and_cap()
    {
        var options = new DocumentReaderOptions { MaxUnpackedRatio = 20, MinUnpackedBytes = 100, MaxUnpackedBytes = 10_000 };

        Assert.Equal(100, options.UnpackedLimit(1));
        Assert.Equal(2_000, options.UnpackedLimit(100));
        Assert.Equal(10_000, options.UnpackedLimit(1_000_000));
    }

    internal static byte[] Manual()
    {
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            main.Document = new Document(new Body(
                Styled("产品手册", "Title"),
                Plain("本手册适用于全部型号。"),
                Styled("技术规格", "1"),
                Styled("电源", "Heading2"),
                Plain("供电电压为DC 12–36 V。"),
                new Paragraph(new Run(new DeletedText("删除的文字"))),
                new Table(
                    new TableRow(Cell("型号"), Cell("版本")),
                    new TableRow(Cell("ZK-2024-001"), Cell("V2.3.0"))),
                new Paragraph(new ParagraphProperties(new OutlineLevel { Val = 0 }), new Run(new DocumentFormat.OpenXml.Wordprocessing.Text("保修"))),
                Plain("整机保修三年。")));
            var styles = main.AddNewPart<StyleDefinitionsPart>();

            // A Chinese Word names Heading 1 "1"; only its name says what it is.
            styles.Styles = new Styles(
                new Style(new StyleName { Val = "Title" }) { Type = StyleValues.Paragraph, StyleId = "Title" },
                new Style(new StyleName { Val = "heading 1" }) { Type = StyleValues.Paragraph, StyleId = "1" });
        }

        return stream.ToArray();
    }

    private static Paragraph Styled(string text, string style) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = style }), new Run(new DocumentFormat.OpenXml.Wordprocessing.Text(text)));

    private static Paragraph Plain(string text) => new(new Run(new DocumentFormat.OpenXml.Wordprocessing.Text(text)));

    private static TableCell Cell(string text) => new(new Paragraph(new Run(new DocumentFormat.OpenXml.Wordprocessing.Text(text))));
}
