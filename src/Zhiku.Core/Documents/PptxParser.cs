using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;

namespace Zhiku.Core.Documents;

/// <summary>
/// PowerPoint decks (.pptx, DocumentFormat.OpenXml): slides in order, hidden slides left out; the slide title a
/// heading; the other text frames in reading order (top to bottom, then left to right, inside groups too);
/// tables as row blocks with their header; speaker notes under the slide, headed "… > 备注 Notes". Every block
/// carries its slide number as its page, so citations name the slide. Encrypted decks and zip bombs are refused
/// before the Office library opens them.
/// </summary>
public sealed class PptxParser : IDocumentParser
{
    private const string Format = "PowerPoint (.pptx)";
    private const string NotesHeading = "备注 Notes";
    private readonly DocumentReaderOptions _options;

    /// <summary>A parser with the default limits.</summary>
    public PptxParser() : this(new DocumentReaderOptions()) { }

    /// <summary>A parser with the unpacked-size limits of <paramref name="options"/>.</summary>
    public PptxParser(DocumentReaderOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Extensions { get; } = [".pptx"];

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExtractedDocument>> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var bytes = await ParserInput.ReadZipPackageAsync(content, fileName, Format, _options, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return ParserInput.None;
        }

        try
        {
            var settings = new OpenSettings { MaxCharactersInPart = _options.UnpackedLimit(bytes.Length) };
            using var deck = PresentationDocument.Open(new MemoryStream(bytes, writable: false), false, settings);
            var presentation = deck.PresentationPart ?? throw DocumentErrors.Corrupt(fileName, Format);
            var builder = new ExtractedTextBuilder();
            string? firstTitle = null;
            var number = 0;
            foreach (var id in presentation.Presentation?.SlideIdList?.Elements<P.SlideId>() ?? [])
            {
                cancellationToken.ThrowIfCancellationRequested();
                number++;
                if (id.RelationshipId?.Value is not { } rel || presentation.GetPartById(rel) is not SlidePart slide
                    || slide.Slide?.Show?.Value == false)
                {
                    continue;
                }

                var title = AddSlide(slide, number, builder);
                firstTitle ??= title;
            }

            var docTitle = deck.PackageProperties.Title;
            docTitle = !string.IsNullOrWhiteSpace(docTitle) ? docTitle.Trim() : firstTitle ?? ParserInput.TitleFromFileName(fileName);
            return ParserInput.One(builder.Build(null, docTitle, "pptx"));
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or IOException or System.Xml.XmlException
            or InvalidOperationException or KeyNotFoundException)
        {
            throw DocumentErrors.Corrupt(fileName, Format, e);
        }
    }

    /// <summary>Adds one slide's blocks; returns its title, null when it has none.</summary>
    private static string? AddSlide(SlidePart slide, int number, ExtractedTextBuilder builder)
    {
        var frames = new List<(bool IsTitle, long Y, long X, OpenXmlElement Element)>();
        Collect(slide.Slide?.CommonSlideData?.ShapeTree, frames);
        var ordered = frames.OrderBy(f => f.IsTitle ? 0 : 1).ThenBy(f => f.Y).ThenBy(f => f.X).ToList();

        var title = ordered.Where(f => f.IsTitle).Select(f => OneLine(FrameText(f.Element))).FirstOrDefault(t => t.Length > 0);
        var heading = title ?? $"第 {number} 张幻灯片 Slide {number}";
        builder.Add(heading, BlockKind.Heading, heading, number);
        foreach (var frame in ordered)
        {
            if (frame.IsTitle)
            {
                continue;
            }

            if (frame.Element is P.GraphicFrame graphic && graphic.Descendants<A.Table>().FirstOrDefault() is { } table)
            {
                AddTable(table, heading, number, builder);
                continue;
            }

            builder.AddParagraphs(FrameText(frame.Element), heading, number);
        }

        if (slide.NotesSlidePart?.NotesSlide?.CommonSlideData?.ShapeTree is { } notes)
        {
            foreach (var shape in notes.Descendants<P.Shape>())
            {
                var kind = shape.NonVisualShapeProperties?.ApplicationNonVisualDrawingProperties?.PlaceholderShape?.Type?.Value;
                if (kind is null || kind == P.PlaceholderValues.Body)
                {
                    builder.AddParagraphs(FrameText(shape), heading + HeadingTrail.Separator + NotesHeading, number);
                }
            }
        }

        return title;
    }

    private static void Collect(OpenXmlElement? tree, List<(bool IsTitle, long Y, long X, OpenXmlElement Element)> frames)
    {
        if (tree is null)
        {
            return;
        }

        foreach (var child in tree.ChildElements)
        {
            switch (child)
            {
                case P.Shape shape when shape.TextBody is not null:
                    var kind = shape.NonVisualShapeProperties?.ApplicationNonVisualDrawingProperties?.PlaceholderShape?.Type?.Value;
                    var isTitle = kind == P.PlaceholderValues.Title || kind == P.PlaceholderValues.CenteredTitle;
                    var offset = shape.ShapeProperties?.Transform2D?.Offset;
                    frames.Add((isTitle, offset?.Y?.Value ?? 0, offset?.X?.Value ?? 0, shape));
                    break;
                case P.GraphicFrame graphic:
                    var position = graphic.Transform?.Offset;
                    frames.Add((false, position?.Y?.Value ?? 0, position?.X?.Value ?? 0, graphic));
                    break;
                case P.GroupShape group:
                    Collect(group, frames);
                    break;
            }
        }
    }

    private static void AddTable(A.Table table, string heading, int page, ExtractedTextBuilder builder)
    {
        List<string>? header = null;
        foreach (var row in table.Elements<A.TableRow>())
        {
            var cells = row.Elements<A.TableCell>().Select(c => OneLine(FrameText(c))).ToList();
            if (header is null)
            {
                header = cells;
                builder.Add(string.Join(" | ", cells.Where(c => c.Length > 0)), BlockKind.Row, heading, page);
                continue;
            }

            builder.Add(RowText.WithHeader(header, cells), BlockKind.Row, heading, page);
        }
    }

    /// <summary>The text of a frame, one line per paragraph, a blank line between shapes' paragraphs kept apart.</summary>
    private static string FrameText(OpenXmlElement element)
    {
        var sb = new StringBuilder();
        foreach (var paragraph in element.Descendants<A.Paragraph>())
        {
            foreach (var child in paragraph.ChildElements)
            {
                switch (child)
                {
                    case A.Run run:
                        sb.Append(run.Text?.Text);
                        break;
                    case A.Field field:
                        sb.Append(field.Text?.Text);
                        break;
                    case A.Break:
                        sb.Append('\n');
                        break;
                }
            }

            sb.Append("\n\n");
        }

        return sb.ToString();
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
