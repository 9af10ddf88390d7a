using System.Text;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using Zhiku.Core.Documents;

namespace Zhiku.Core.Tests.Documents;

public sealed class PdfParserTests
{
    [Fact]
    public async Task Keeps_page_numbers_headings_and_paragraphs()
    {
        var document = await ParseAssert.ReadOneAsync("report.pdf", ThreePagePdf());

        Assert.Equal("pdf", document.Format);
        Assert.Equal("Quarterly Report", document.Title);
        var second = ParseAssert.BlockContaining(document, "Revenue grew by 23 percent");
        Assert.Equal(2, second.Page);
        Assert.Equal(BlockKind.Paragraph, second.Kind);
        Assert.Equal("Revenue grew by 23 percent in the first quarter, driven by gateway sales.", ParseAssert.BlockText(document, second));
        Assert.Equal("Quarterly Report > Page 2 Results", second.HeadingPath);
        Assert.Equal(3, ParseAssert.BlockContaining(document, "Next meeting").Page);
        Assert.Equal(BlockKind.Heading, ParseAssert.BlockContaining(document, "Page 3 Actions").Kind);
        Assert.NotEqual(ParseAssert.BlockContaining(document, "Revenue grew").Start, ParseAssert.BlockContaining(document, "Costs fell").Start);
        Assert.DoesNotContain("Page 1 of 3", document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Corrupt_pdf_is_refused()
    {
        var bytes = new byte[4000];
        new Random(3).NextBytes(bytes);
        byte[] corrupt = [.. "%PDF-1.7\n"u8.ToArray(), .. bytes, .. "\n%%EOF\n"u8.ToArray()];

        var error = await ParseAssert.FailsAsync("broken.pdf", corrupt);

        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_pdf_is_refused()
    {
        var whole = ThreePagePdf();

        var error = await ParseAssert.FailsAsync("partial.pdf", whole[..(whole.Length * 6 / 10)]);

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encrypted_pdf_is_refused()
    {
        var error = await ParseAssert.FailsAsync("secret.pdf", EncryptedPdf());

        Assert.Contains("encrypted", error.Message, StringComparison.Ordinal);
        Assert.Contains("加密", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_pdf_named_pdf_is_refused()
    {
        await ParseAssert.FailsAsync("fake.pdf", Encoding.UTF8.GetBytes("just some text, not a PDF at all"));
    }

    internal static byte[] ThreePagePdf()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        string[][] pages =
        [
            ["#Quarterly Report", "Prepared by the finance team for the board.", "", "Summary of the quarter follows on the next pages."],
            ["#Page 2 Results", "Revenue grew by 23 percent in the first quarter,", "driven by gateway sales.", "", "Costs fell by 4 percent."],
            ["#Page 3 Actions", "Next meeting on 8 July 2025.", "Owners report progress weekly."],
        ];
        for (var p = 0; p < pages.Length; p++)
        {
            var page = builder.AddPage(595, 842);
            var y = 780.0;
            foreach (var line in pages[p])
            {
                if (line.Length == 0)
                {
                    y -= 12;
                    continue;
                }

                var heading = line.StartsWith('#');
                page.AddText(heading ? line[1..] : line, heading ? (p == 0 ? 20 : 16) : 11, new PdfPoint(60, y), font);
                y -= heading ? 30 : 15;
            }

            page.AddText($"Page {p + 1} of 3", 9, new PdfPoint(280, 40), font);
        }

        return builder.Build();
    }

    /// <summary>
    /// A one-page PDF with a standard security handler whose user password is not empty (its /U entry does not
    /// match the empty password), as a password-protected file has.
    /// </summary>
    internal static byte[] EncryptedPdf()
    {
        var hex = string.Concat(Enumerable.Range(0, 32).Select(i => ((i * 37) + 11).ToString("X2", System.Globalization.CultureInfo.InvariantCulture)[^2..]));
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            "<< /Length 8 >>\nstream\n\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\nendstream",
            $"<< /Filter /Standard /V 1 /R 2 /O <{hex}> /U <{hex}> /P -3904 >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append($"{offset:D10} 00000 n \n");
        }

        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R /Encrypt 5 0 R /ID [<{hex}> <{hex}>] >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(pdf.ToString());
    }
}
