using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Zhiku.Core.Documents;

/// <summary>
/// Word documents (.docx, DocumentFormat.OpenXml): paragraphs styled Title or Heading 1-9 (by style name,
/// including Chinese "标题 1", or by outline level) become headings; table rows become row blocks with the first
/// row as header context; tables nested in cells keep their text in the cell. A body nested deeper than
/// <see cref="DocumentReaderOptions.MaxNestingDepth"/> is read as flat text in one pass. Files that are not zip packages, or unpack beyond the limits of
/// <see cref="DocumentReaderOptions"/> (zip bombs), are refused before the Office library sees them.
/// </summary>
public sealed class DocxParser : IDocumentParser
{
    private readonly DocumentReaderOptions _options;

    /// <summary>A parser with the default limits.</summary>
    public DocxParser() : this(new DocumentReaderOptions()) { }

    /// <summary>A parser with the unpacked-size limits of <paramref name="options"/>.</summary>
    public DocxParser(DocumentReaderOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Extensions { get; } = [".docx"];

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExtractedDocument>> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var bytes = await ParserInput.ReadZipPackageAsync(content, fileName, "Word (.docx)", _options, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return ParserInput.None;
        }

        try
        {
            if (FlatIfTooDeep(bytes, fileName, cancellationToken) is { } flat)
            {
                return flat;
            }

            var settings = new OpenSettings { MaxCharactersInPart = _options.UnpackedLimit(bytes.Length) };
            using var word = WordprocessingDocument.Open(new MemoryStream(bytes, writable: false), false, settings);
            var body = word.MainDocumentPart?.Document?.Body ?? throw DocumentErrors.Corrupt(fileName, "Word (.docx)");
            var walker = new DocxWalker(new DocxStyles(word.MainDocumentPart.StyleDefinitionsPart?.Styles), cancellationToken);
            walker.Walk(body);

            var title = word.PackageProperties.Title;
            title = !string.IsNullOrWhiteSpace(title) ? title.Trim() : walker.Title ?? ParserInput.TitleFromFileName(fileName);
            return ParserInput.One(walker.Builder.Build(null, title, "docx"));
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or IOException or System.Xml.XmlException or InvalidOperationException)
        {
            throw DocumentErrors.Corrupt(fileName, "Word (.docx)", e);
        }
    }

    /// <summary>The document read as flat text when its body nests deeper than the limit (the Office library
    /// builds its tree recursively and overflowed the stack on 20,000 nested tables); null when it does not.</summary>
    private IReadOnlyList<ExtractedDocument>? FlatIfTooDeep(byte[] bytes, string fileName, CancellationToken cancellationToken)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes, writable: false), System.IO.Compression.ZipArchiveMode.Read);
        var part = zip.GetEntry("word/document.xml");
        if (part is null)
        {
            return null;
        }

        long maxCharacters = _options.UnpackedLimit(bytes.Length);
        using (var xml = part.Open())
        {
            if (NestingDepth.Xml(xml, _options.MaxNestingDepth, maxCharacters) <= _options.MaxNestingDepth)
            {
                return null;
            }
        }

        var builder = new ExtractedTextBuilder();
        using (var xml = part.Open())
        {
            FlatTextExtractor.WordParagraphs(xml, maxCharacters, builder, cancellationToken);
        }

        return ParserInput.One(builder.Build(null, ParserInput.TitleFromFileName(fileName), "docx"));
    }

    private sealed class DocxWalker(DocxStyles styles, CancellationToken cancellationToken)
    {
        private readonly HeadingTrail _trail = new();
        private int _titleLevel = int.MaxValue;

        public ExtractedTextBuilder Builder { get; } = new();

        public string? Title { get; private set; }

        public void Walk(OpenXmlElement container)
        {
            foreach (var child in container.ChildElements)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (child)
                {
                    case Paragraph paragraph:
                        AddParagraph(paragraph);
                        break;
                    case Table table:
                        AddTable(table);
                        break;
                    case SdtBlock or SdtContentBlock or CustomXmlBlock:
                        Walk(child);
                        break;
                }
            }
        }

        private void AddParagraph(Paragraph paragraph)
        {
            var text = Text(paragraph);
            if (styles.HeadingLevel(paragraph) is { } level && !string.IsNullOrWhiteSpace(text))
            {
                var heading = text.Replace('\n', ' ').Trim();
                if (level < _titleLevel)
                {
                    Title = heading;
                    _titleLevel = level;
                }

                Builder.Add(heading, BlockKind.Heading, _trail.Enter(level, heading));
                return;
            }

            Builder.Add(text, BlockKind.Paragraph, _trail.Path);
        }

        private void AddTable(Table table)
        {
            List<string>? header = null;
            foreach (var row in table.Elements<TableRow>())
            {
                var cells = row.Elements<TableCell>().Select(CellText).ToList();
                if (header is null)
                {
                    header = cells;
                    Builder.Add(string.Join(" | ", cells.Where(c => c.Length > 0)), BlockKind.Row, _trail.Path);
                    continue;
                }

                Builder.Add(RowText.WithHeader(header, cells), BlockKind.Row, _trail.Path);
            }
        }

        /// <summary>A cell's paragraphs and the rows of tables nested in it ("a | b; c | d"), so no text is
        /// dropped; the depth is bounded by <see cref="DocumentReaderOptions.MaxNestingDepth"/>.</summary>
        private static string CellText(TableCell cell)
        {
            var parts = new List<string>();
            foreach (var child in cell.ChildElements)
            {
                switch (child)
                {
                    case Paragraph paragraph:
                        parts.Add(Text(paragraph));
                        break;
                    case Table nested:
                        parts.Add(string.Join("; ", nested.Elements<TableRow>()
                            .Select(r => string.Join(" | ", r.Elements<TableCell>().Select(CellText).Where(t => t.Length > 0)))
                            .Where(r => r.Length > 0)));
                        break;
                    case SdtCell or SdtBlock or CustomXmlBlock:
                        parts.Add(Text(child));
                        break;
                }
            }

            return string.Join(' ', parts.Where(p => p.Length > 0)).Trim();
        }

        /// <summary>The visible text of a paragraph: no deleted text, field codes, or fallback copies of
        /// drawings (which repeat the text of their text boxes).</summary>
        private static string Text(OpenXmlElement element)
        {
            var sb = new StringBuilder();
            Append(element, sb);
            return sb.ToString();
        }

        private static void Append(OpenXmlElement element, StringBuilder sb)
        {
            foreach (var child in element.ChildElements)
            {
                switch (child)
                {
                    case DocumentFormat.OpenXml.Wordprocessing.Text text:
                        sb.Append(text.Text);
                        break;
                    case TabChar or PositionalTab:
                        sb.Append('\t');
                        break;
                    case Break or CarriageReturn:
                        sb.Append('\n');
                        break;
                    case NoBreakHyphen:
                        sb.Append('-');
                        break;
                    case AlternateContentFallback or DeletedRun or FieldCode:
                        break;
                    default:
                        Append(child, sb);
                        break;
                }
            }
        }
    }
}
