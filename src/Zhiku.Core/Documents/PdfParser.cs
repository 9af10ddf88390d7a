using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;

namespace Zhiku.Core.Documents;

/// <summary>
/// PDF files (PdfPig): text of each page in reading order, cut into paragraphs by line spacing and font size,
/// each block carrying its 1-based page number. Larger-type short lines become headings. Page-number lines
/// ("第 2 页 共 5 页", "Page 2 of 5", "- 2 -") are dropped. Encrypted, corrupt and truncated files are refused.
/// </summary>
public sealed partial class PdfParser : IDocumentParser
{
    /// <inheritdoc />
    public IReadOnlyCollection<string> Extensions { get; } = [".pdf"];

    private readonly int _maxDepth;

    /// <summary>A parser with the default nesting limit.</summary>
    public PdfParser() : this(new DocumentReaderOptions()) { }

    /// <summary>A parser with the nesting limit of <paramref name="options"/>.</summary>
    public PdfParser(DocumentReaderOptions options) => _maxDepth = options.MaxNestingDepth;

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
                pages.Add(PdfLine.FromLetters(page.Letters));
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

        var builder = new ExtractedTextBuilder();
        string? firstHeading = null;
        var headings = new PdfHeadingLevels(pages);
        var trail = new HeadingTrail();
        for (var p = 0; p < pages.Count; p++)
        {
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
        return ParserInput.One(builder.Build(null, name, "pdf"));
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
