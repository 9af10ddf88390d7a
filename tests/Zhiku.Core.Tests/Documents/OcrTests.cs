using System.Buffers.Binary;
using System.IO.Compression;
using UglyToad.PdfPig.Content;
using PdfPoint = UglyToad.PdfPig.Core.PdfPoint;
using PdfRectangle = UglyToad.PdfPig.Core.PdfRectangle;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using Zhiku.Core.Documents;
using Zhiku.Core.Documents.Ocr;
using Zhiku.TestSupport;
using PdfLine = Zhiku.Core.Documents.PdfLine;

namespace Zhiku.Core.Tests.Documents;

/// <summary>
/// OCR of images and scanned PDF pages with the real PP-OCRv4 models, on the bundled scanned samples (rendered
/// from known text by tools/SampleGenerator), and what happens without the models or past the time budget.
/// </summary>
public sealed class OcrTests
{
    private const string Photo = "照片-停车场管理通知.png";
    private const string Scan = "扫描件-消防安全检查通知.pdf";

    private static DocumentReader WithModels(double budget = OcrOptions.DefaultSecondsPerDocument) =>
        new(new DocumentReaderOptions { Ocr = new OcrOptions { ModelFolder = OcrModels.Folder, SecondsPerDocument = budget } });

    private static DocumentReader WithoutModels() => new(new DocumentReaderOptions { Ocr = new OcrOptions { ModelFolder = null } });

    private static string Sample(string name) => Path.Combine(SampleCorpusTests.SamplesFolder(), name);

    [Fact]
    public async Task A_photographed_notice_is_read_into_paragraphs()
    {
        var result = await WithModels().ReadFileAsync(Sample(Photo));

        var document = Assert.Single(result.Documents);
        Assert.Contains("访客车辆免费停放2小时，超过2小时按每小时5元收费。", document.Text, StringComparison.Ordinal);
        Assert.Contains("新能源车充电桩位于B2层东区", document.Text, StringComparison.Ordinal);
        // A wrapped line continues its paragraph instead of starting a new one.
        Assert.Contains("其中B1层为访客车位，B2层为员工固定车位。", ParseAssert.BlockText(document, ParseAssert.BlockContaining(document, "共有车位120个")), StringComparison.Ordinal);
        var page = Assert.Single(document.Pages);
        Assert.Equal(PageTextSource.Ocr, page.Source);
        Assert.InRange(page.Quality, 0.8, 1.0);
        ParseAssert.Invariants(document);
    }

    [Theory]
    [InlineData(".webp")]
    [InlineData(".tiff")]
    public async Task The_same_photo_as_webp_or_tiff_is_read_alike(string extension)
    {
        // Re-encoded losslessly by OpenCV, so only the container differs from the PNG sample.
        using var image = OpenCvSharp.Cv2.ImRead(Sample(Photo), OpenCvSharp.ImreadModes.Color);
        Assert.False(image.Empty());
        var encoded = extension == ".webp"
            ? image.ImEncode(extension, new OpenCvSharp.ImageEncodingParam(OpenCvSharp.ImwriteFlags.WebPQuality, 101))
            : image.ImEncode(extension);
        using var folder = new TempFolder();
        var path = folder.Write("停车场通知" + extension, encoded);

        var result = await WithModels().ReadFileAsync(path);

        var document = Assert.Single(result.Documents);
        Assert.Contains("访客车辆免费停放2小时，超过2小时按每小时5元收费。", document.Text, StringComparison.Ordinal);
        Assert.Equal(PageTextSource.Ocr, Assert.Single(document.Pages).Source);
    }

    [Fact]
    public async Task Scanned_pdf_pages_are_read_by_ocr_with_their_page_numbers()
    {
        var result = await WithModels().ReadFileAsync(Sample(Scan));

        var document = Assert.Single(result.Documents);
        Assert.Equal([PageTextSource.Ocr, PageTextSource.Ocr], document.Pages.Select(p => p.Source));
        Assert.Equal(1, ParseAssert.BlockContaining(document, "消防演练定于2025年4月18日").Page);
        Assert.Equal(2, ParseAssert.BlockContaining(document, "分机号8119").Page);
        Assert.Empty(document.Notices);
        ParseAssert.Invariants(document);
    }

    [Fact]
    public async Task Without_models_an_image_names_the_install_command()
    {
        var error = await Assert.ThrowsAsync<DocumentParseException>(() => WithoutModels().ReadFileAsync(Sample(Photo)));

        Assert.Contains(Photo, error.Message, StringComparison.Ordinal);
        Assert.Contains(OcrModelFiles.InstallCommand, error.Message, StringComparison.Ordinal);
        Assert.IsType<OcrModelsException>(error.InnerException);
    }

    [Fact]
    public async Task Without_models_a_mixed_pdf_keeps_its_text_pages_and_reports_the_scanned_ones()
    {
        using var folder = new TempFolder();
        var path = folder.Write("mixed.pdf", MixedPdf());

        var document = Assert.Single((await WithoutModels().ReadFileAsync(path)).Documents);

        Assert.Contains("Quarterly revenue grew by 12 percent", document.Text, StringComparison.Ordinal);
        Assert.Equal([PageTextSource.Text, PageTextSource.Skipped], document.Pages.Select(p => p.Source));
        var notice = Assert.Single(document.Notices);
        Assert.Contains("pages 2", notice, StringComparison.Ordinal);
        Assert.Contains(OcrModelFiles.InstallCommand, notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_models_the_scanned_page_of_a_mixed_pdf_is_read()
    {
        using var folder = new TempFolder();
        var path = folder.Write("mixed.pdf", MixedPdf());

        var document = Assert.Single((await WithModels().ReadFileAsync(path)).Documents);

        Assert.Equal([PageTextSource.Text, PageTextSource.Ocr], document.Pages.Select(p => p.Source));
        Assert.Equal(2, ParseAssert.BlockContaining(document, "访客车辆免费停放2小时").Page);
    }

    [Fact]
    public async Task Pages_past_the_ocr_budget_are_reported_as_skipped()
    {
        using var folder = new TempFolder();
        var path = folder.Write("mixed.pdf", MixedPdf());

        var document = Assert.Single((await WithModels(budget: 0).ReadFileAsync(path)).Documents);

        Assert.Equal(PageTextSource.Skipped, document.Pages[1].Source);
        Assert.Contains("budget", Assert.Single(document.Notices), StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_layer_of_unmapped_glyphs_counts_as_garbage()
    {
        List<PdfLine> readable = [new("公司员工每年享有带薪年假，工作满一年不满十年的为5天。", 700, 50, 500, 12)];
        List<PdfLine> privateUse = [new("\uE001\uE002\uE003\uE004\uE005\uE006 \uE007\uE008", 700, 50, 500, 12)];
        List<PdfLine> replacement = [new("\uFFFD\uFFFD\uFFFD\uFFFD 12", 700, 50, 500, 12)];

        Assert.True(PdfParser.TextLayerQuality(readable) >= PdfParser.MinTextLayerQuality);
        Assert.True(PdfParser.TextLayerQuality(privateUse) < PdfParser.MinTextLayerQuality);
        Assert.True(PdfParser.TextLayerQuality(replacement) < PdfParser.MinTextLayerQuality);
        Assert.Equal(0, PdfParser.TextLayerQuality([]));
    }

    [Fact]
    public async Task A_decompression_bomb_image_is_refused_before_decoding()
    {
        using var folder = new TempFolder();
        var path = folder.Write("bomb.png", PngHeaderClaiming(60_000, 60_000));

        var error = await Assert.ThrowsAsync<DocumentParseException>(() => WithModels().ReadFileAsync(path));

        Assert.Contains("bomb.png", error.Message, StringComparison.Ordinal);
        Assert.Contains("pixels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_image_fails_with_its_name()
    {
        using var folder = new TempFolder();
        var bytes = await File.ReadAllBytesAsync(Sample(Photo));
        var path = folder.Write("cut.png", bytes[..2000]);

        var error = await Assert.ThrowsAsync<DocumentParseException>(() => WithModels().ReadFileAsync(path));

        Assert.StartsWith("cut.png: ", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Page 1 has a text layer; page 2 is the photographed notice as a JPEG, with no text.</summary>
    private static byte[] MixedPdf()
    {
        using var image = OpenCvSharp.Cv2.ImRead(Sample(Photo));
        OpenCvSharp.Cv2.ImEncode(".jpg", image, out var jpeg);
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var first = builder.AddPage(PageSize.A4);
        first.AddText("Quarterly revenue grew by 12 percent over the last year.", 12, new PdfPoint(60, 700), font);
        var second = builder.AddPage(PageSize.A4);
        second.AddJpeg(jpeg, new PdfRectangle(0, 0, second.PageSize.Width, second.PageSize.Height));
        return builder.Build();
    }

    /// <summary>A well-formed PNG whose header claims a huge image over a tiny compressed body.</summary>
    private static byte[] PngHeaderClaiming(int width, int height)
    {
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 0; // grey
        Chunk(output, "IHDR", header);
        using (var body = new MemoryStream())
        {
            using (var zlib = new ZLibStream(body, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                zlib.Write(new byte[width + 1]);
            }

            Chunk(output, "IDAT", body.ToArray());
        }

        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        output.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
