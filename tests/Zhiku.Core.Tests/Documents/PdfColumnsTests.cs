using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using Zhiku.Core.Documents;
using PdfPoint = UglyToad.PdfPig.Core.PdfPoint;

namespace Zhiku.Core.Tests.Documents;

/// <summary>Two-column PDF pages are read column by column, whatever order the text was written in.</summary>
public sealed class PdfColumnsTests
{
    [Fact]
    public async Task A_two_column_page_written_line_by_line_across_the_gutter_reads_column_by_column()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        for (var i = 0; i < 20; i++)
        {
            // Content order interleaves the columns, as many layout programs write them.
            var y = 760 - (i * 16);
            page.AddText($"Apples line {i:D2} grow on trees", 10, new PdfPoint(50, y), font);
            page.AddText($"Oranges line {i:D2} like sun", 10, new PdfPoint(320, y), font);
        }

        using var folder = new TempFolder();
        var path = folder.Write("columns.pdf", builder.Build());
        var document = Assert.Single((await new DocumentReader().ReadFileAsync(path)).Documents);

        var lastApple = document.Text.LastIndexOf("Apples line 19", StringComparison.Ordinal);
        var firstOrange = document.Text.IndexOf("Oranges line 00", StringComparison.Ordinal);
        Assert.True(lastApple >= 0 && firstOrange > lastApple, document.Text);
        Assert.DoesNotContain("trees Oranges", document.Text, StringComparison.Ordinal);
        ParseAssert.Invariants(document);
    }

    [Fact]
    public async Task A_one_column_page_keeps_its_order()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        for (var i = 0; i < 20; i++)
        {
            page.AddText($"Sentence {i:D2} of a single column that runs across most of the page width here.", 10, new PdfPoint(50, 760 - (i * 16)), font);
        }

        using var folder = new TempFolder();
        var path = folder.Write("one.pdf", builder.Build());
        var document = Assert.Single((await new DocumentReader().ReadFileAsync(path)).Documents);

        for (var i = 1; i < 20; i++)
        {
            Assert.True(document.Text.IndexOf($"Sentence {i - 1:D2}", StringComparison.Ordinal) < document.Text.IndexOf($"Sentence {i:D2}", StringComparison.Ordinal));
        }
    }
}
