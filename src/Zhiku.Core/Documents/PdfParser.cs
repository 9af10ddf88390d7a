using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Exceptions;
using Zhiku.Core.Documents.Ocr;
using Zhiku.Core.Text;

namespace Zhiku.Core.Documents;

/// <summary>
/// PDF files (PdfPig): text of each page in reading order, cut into paragraphs by line spacing and font size,
/// each block carrying its 1-based page number. Larger-type short lines become headings. Page-number lines
/// ("第 2 页 共 5 页", "Page 2 of 5", "- 2 -") are dropped. Encrypted, corrupt and truncated files are refused.
/// Pages with no text layer, or one that is mostly unreadable characters (private-use, replacement or rare glyphs
/// from fonts without a Unicode map), have their page images read by OCR; every page records how its text was
/// obtained (<see cref="ExtractedDocument.Pages"/>).
/// </summary>
public sealed partial class PdfParser : IDocumentParser
{
    /// <summary>A page's text layer with fewer plausible characters than this share is read by OCR instead.</summary>
    internal const double MinTextLayerQuality = 0.5;

    /// <summary>Images smaller than this on both sides (logos, stamps, rules) are not read.</summary>
    private const int MinImageSide = 64;

    /// <inheritdoc />
    public IReadOnlyCollection<string> Extensions { get; } = [".pdf"];

    private readonly int _maxDepth;
    private readonly OcrOptions _ocr;

    /// <summary>A parser with the default nesting limit and no OCR models: pages needing OCR are reported as skipped.</summary>
    public PdfParser() : this(new DocumentReaderOptions()) { }

    /// <summary>A parser with the nesting limit and OCR settings of <paramref name="options"/>.</summary>
    public PdfParser(DocumentReaderOptions options)
    {
        _maxDepth = options.MaxNestingDepth;
        _ocr = options.Ocr;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExtractedDocument>> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var bytes = await ParserInput.ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            return ParserInput.None;
        }

        CheckEnvelope(bytes, fileName);
        if (NestingDepth.Pdf(bytes, _maxDepth) > _maxDepth)
        {
            // PdfPig resolves dictionaries recursively; a 10,000-deep one came back as an empty page, not an error.
            throw DocumentErrors.TooDeep(fileName, "PDF", _maxDepth);
        }
        List<List<PdfLine>> pages;
        var provenance = new List<PageText>();
        var scans = new Dictionary<int, List<byte[]>>();
        string? title;
        try
        {
            using var pdf = PdfDocument.Open(bytes, new ParsingOptions { SkipMissingFonts = true });
            if (pdf.IsEncrypted && !CanRead(pdf))
            {
                throw DocumentErrors.PdfEncrypted(fileName);
            }

            title = pdf.Information.Title;
            pages = [];
            foreach (var page in pdf.GetPages())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var lines = PdfReadingOrder.Lines(page);
                var quality = TextLayerQuality(lines);
                if (quality >= MinTextLayerQuality)
                {
                    pages.Add(lines);
                    provenance.Add(new PageText(page.Number, PageTextSource.Text, Math.Round(quality, 3)));
                    continue;
                }

                // No text layer, or a garbage one: the page is a picture of text.
                pages.Add([]);
                var images = PageImages(page);
                scans[pages.Count - 1] = images;
                provenance.Add(new PageText(page.Number, images.Count == 0 ? PageTextSource.Empty : PageTextSource.Skipped, 0));
            }
        }
        catch (PdfDocumentEncryptedException e)
        {
            throw DocumentErrors.PdfEncrypted(fileName, e);
        }
        catch (Exception e) when (e is not (DocumentParseException or OperationCanceledException))
        {
            throw DocumentErrors.PdfCorrupt(fileName, e);
        }

        var notices = new List<string>();
        var (ocrText, modelsMissing) = await ReadScansAsync(scans, provenance, notices, cancellationToken).ConfigureAwait(false);
        var builder = new ExtractedTextBuilder();
        string? firstHeading = null;
        var headings = new PdfHeadingLevels(pages);
        var trail = new HeadingTrail();
        for (var p = 0; p < pages.Count; p++)
        {
            if (ocrText.TryGetValue(p, out var scanned))
            {
                foreach (var paragraph in scanned)
                {
                    builder.Add(paragraph, BlockKind.Paragraph, trail.Path, p + 1);
                }

                continue;
            }

            foreach (var paragraph in Paragraphs(pages[p].Where(l => !PageNumberLine().IsMatch(l.Text)).ToList()))
            {
                var text = paragraph.Aggregate("", (acc, line) => CjkText.JoinWrapped(acc, line.Text));
                if (headings.LevelOf(paragraph, text) is { } level)
                {
                    firstHeading ??= text;
                    builder.Add(text, BlockKind.Heading, trail.Enter(level, text), p + 1);
                }
                else
                {
                    builder.Add(text, BlockKind.Paragraph, trail.Path, p + 1);
                }
            }
        }

        var name = !string.IsNullOrWhiteSpace(title) ? title.Trim() : firstHeading ?? ParserInput.TitleFromFileName(fileName);
        var document = builder.Build(null, name, "pdf");
        if (document is null && notices.Count > 0)
        {
            // Nothing readable, and the reason is not the file: say why instead of reporting it empty. Missing
            // models are the machine's, not the file's, problem (the file is skipped, not failed).
            var message = $"{fileName}: {notices[0]}";
            throw modelsMissing is null ? new DocumentParseException(message) : new DocumentParseException(message, modelsMissing);
        }

        return ParserInput.One(document is null ? null : document with { Pages = provenance, Notices = notices });
    }

    /// <summary>The share of a page's characters that are plausible text: letters, digits, punctuation and common
    /// hanzi. Private-use and replacement characters, controls and rare hanzi (what fonts without a Unicode map
    /// produce) are not. 0 for a page with no text.</summary>
    internal static double TextLayerQuality(IReadOnlyList<PdfLine> lines)
    {
        var total = 0;
        var good = 0;
        foreach (var line in lines)
        {
            foreach (var c in line.Text)
            {
                if (char.IsWhiteSpace(c))
                {
                    continue;
                }

                total++;
                if (IsPlausible(c))
                {
                    good++;
                }
            }
        }

        return total == 0 ? 0 : good / (double)total;
    }

    private static bool IsPlausible(char c)
    {
        if (c is >= '\uE000' and <= '\uF8FF' or '\uFFFD' || char.IsControl(c) || char.IsSurrogate(c))
        {
            return false;
        }

        return IsIdeograph(c) ? CommonHanzi.Contains(c) : char.IsLetterOrDigit(c) || char.IsPunctuation(c) || char.IsSymbol(c);
    }

    private static bool IsIdeograph(char c) => c is (>= '\u4e00' and <= '\u9fff') or (>= '\u3400' and <= '\u4dbf') or (>= '\uf900' and <= '\ufaff');

    /// <summary>The encoded images of a page large enough to hold text: PNG where PdfPig can decode the samples,
    /// else the stream as stored (JPEG, JPEG 2000), which OpenCV decodes.</summary>
    private List<byte[]> PageImages(Page page)
    {
        var images = new List<byte[]>();
        foreach (var image in page.GetImages())
        {
            if (image.WidthInSamples < MinImageSide && image.HeightInSamples < MinImageSide)
            {
                continue;
            }

            if ((long)image.WidthInSamples * image.HeightInSamples > _ocr.MaxPixels)
            {
                continue;
            }

            images.Add(image.TryGetPng(out var png) ? png : image.RawMemory.ToArray());
        }

        return images;
    }

    /// <summary>OCRs the scanned pages in order within the document's time budget, updating their provenance.</summary>
    private async Task<(Dictionary<int, List<string>> Text, OcrModelsException? ModelsMissing)> ReadScansAsync(
        Dictionary<int, List<byte[]>> scans, List<PageText> provenance, List<string> notices, CancellationToken cancellationToken)
    {
        var text = new Dictionary<int, List<string>>();
        var waiting = scans.Where(s => s.Value.Count > 0).Select(s => s.Key).Order().ToList();
        if (waiting.Count == 0)
        {
            return (text, null);
        }

        IOcrEngine engine;
        try
        {
            engine = OcrEngines.Get(_ocr);
        }
        catch (OcrModelsException e)
        {
            notices.Add($"{waiting.Count} page(s) need OCR and were skipped ({Pages(waiting)}): {e.Message}");
            return (text, e);
        }

        var clock = Stopwatch.StartNew();
        var skipped = new List<int>();
        foreach (var p in waiting)
        {
            if (clock.Elapsed.TotalSeconds > _ocr.SecondsPerDocument)
            {
                skipped.Add(p);
                continue;
            }

            var paragraphs = new List<string>();
            double weighted = 0;
            var characters = 0;
            foreach (var image in scans[p])
            {
                OcrPage result;
                try
                {
                    result = await engine.RecognizeAsync(image, cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidDataException e)
                {
                    notices.Add($"page {p + 1}: an image cannot be read ({e.Message}) / 第 {p + 1} 页图片无法读取");
                    continue;
                }

                paragraphs.AddRange(result.Paragraphs);
                var count = result.Lines.Sum(l => l.Text.Length);
                weighted += result.Quality * count;
                characters += count;
            }

            text[p] = paragraphs;
            provenance[p] = provenance[p] with
            {
                Source = characters == 0 ? PageTextSource.Empty : PageTextSource.Ocr,
                Quality = characters == 0 ? 0 : Math.Round(weighted / characters, 3),
            };
        }

        if (skipped.Count > 0)
        {
            notices.Add($"{skipped.Count} page(s) were not OCR'd ({Pages(skipped)}): the document's OCR budget of {_ocr.SecondsPerDocument:0} s ran out (ZHIKU_OCR_SECONDS sets it) / OCR 时间预算已用完，{skipped.Count} 页未识别");
        }

        return (text, null);
    }

    private static string Pages(List<int> indexes)
    {
        var shown = string.Join(", ", indexes.Take(10).Select(i => i + 1));
        return indexes.Count > 10 ? $"pages {shown}, …" : $"pages {shown}";
    }

    /// <summary>Refuses files that are not PDFs at all, and PDFs cut short (no end-of-file marker near the end).</summary>
    private static void CheckEnvelope(byte[] bytes, string fileName)
    {
        var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 1024));
        if (!head.Contains("%PDF-", StringComparison.Ordinal))
        {
            throw DocumentErrors.PdfCorrupt(fileName);
        }

        // Every complete PDF ends with %%EOF; a download or copy that stopped early does not, and a partial
        // document must not be indexed as if it were whole.
        var tailStart = Math.Max(0, bytes.Length - 2048);
        var tail = Encoding.ASCII.GetString(bytes, tailStart, bytes.Length - tailStart);
        if (!tail.Contains("%%EOF", StringComparison.Ordinal))
        {
            throw DocumentErrors.PdfCorrupt(fileName);
        }
    }

    /// <summary>PdfPig opens files encrypted with an empty user password; anything else it cannot decrypt.</summary>
    private static bool CanRead(PdfDocument pdf)
    {
        try
        {
            return pdf.NumberOfPages == 0 || pdf.GetPage(1) is not null;
        }
        catch (PdfDocumentEncryptedException)
        {
            return false;
        }
    }

    /// <summary>Groups lines into paragraphs: a wider gap than the paragraph's line spacing, a change of type
    /// size, or a short line ending a sentence closes a paragraph.</summary>
    private static IEnumerable<List<PdfLine>> Paragraphs(List<PdfLine> lines)
    {
        if (lines.Count == 0)
        {
            yield break;
        }

        var right = lines.Max(l => l.Right);
        var current = new List<PdfLine> { lines[0] };
        double? spacing = null;
        for (var i = 1; i < lines.Count; i++)
        {
            var previous = lines[i - 1];
            var line = lines[i];
            var gap = previous.Baseline - line.Baseline;
            var size = Math.Max(previous.Size, line.Size);
            var breaks = gap <= 0
                || Math.Abs(previous.Size - line.Size) > 0.15 * size
                || gap > (spacing is { } s ? 1.3 * s : 1.8 * size)
                || (previous.Right < right - (2 * size) && previous.EndsSentence);
            if (breaks)
            {
                yield return current;
                current = [];
                spacing = null;
            }
            else
            {
                spacing ??= gap;
            }

            current.Add(line);
        }

        yield return current;
    }

    [GeneratedRegex(@"^\s*(第\s*\d+\s*页(\s*[/，,]?\s*共\s*\d+\s*页)?|[-–—]?\s*\d{1,4}\s*[-–—]?|(page|p\.)\s*\d+(\s*(of|/)\s*\d+)?|\d+\s*/\s*\d+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex PageNumberLine();
}
