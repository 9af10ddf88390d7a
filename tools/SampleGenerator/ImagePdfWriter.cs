using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Zhiku.SampleGenerator;

/// <summary>Writes PDFs whose pages are only images, with no text layer, as a scanner's PDF export does.</summary>
public static class ImagePdfWriter
{
    /// <summary>One A4 page per JPEG, each image filling its page.</summary>
    public static byte[] FromJpegs(IEnumerable<byte[]> jpegs)
    {
        var builder = new PdfDocumentBuilder();
        foreach (var jpeg in jpegs)
        {
            var page = builder.AddPage(PageSize.A4);
            var size = page.PageSize;
            page.AddJpeg(jpeg, new PdfRectangle(0, 0, size.Width, size.Height));
        }

        return builder.Build();
    }
}
