namespace Zhiku.Core.Documents;

/// <summary>
/// Reads files into <see cref="ExtractedDocument"/>s with the parser for their extension, after the safety
/// checks every format shares: unknown extensions are reported (not guessed), files over
/// <see cref="DocumentReaderOptions.MaxFileBytes"/> refused before they are read, empty files reported.
/// </summary>
/// <remarks>
/// Thread-safe: parsers keep no state between calls, so one reader can serve a parallel ingest.
/// </remarks>
public sealed class DocumentReader
{
    private readonly Dictionary<string, IDocumentParser> _parsers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A reader with every built-in parser and the default limits.</summary>
    public DocumentReader() : this(new DocumentReaderOptions()) { }

    /// <summary>A reader with every built-in parser and the given limits.</summary>
    public DocumentReader(DocumentReaderOptions options) : this(options, BuiltInParsers(options)) { }

    /// <summary>A reader with the given parsers; a later parser wins an extension claimed twice.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public DocumentReader(DocumentReaderOptions options, IEnumerable<IDocumentParser> parsers)
    {
        options.Validate();
        Options = options;
        foreach (var parser in parsers)
        {
            foreach (var extension in parser.Extensions)
            {
                _parsers[extension] = parser;
            }
        }

        Extensions = _parsers.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The limits in force.</summary>
    public DocumentReaderOptions Options { get; }

    /// <summary>Every extension a parser is registered for, lower-case with the dot, sorted.</summary>
    public IReadOnlyCollection<string> Extensions { get; }

    /// <summary>The parsers for every built-in format: txt, md, html, pdf (OCR for scanned pages), docx, json, jsonl,
    /// csv, xlsx, pptx, epub, legacy office through LibreOffice, images (OCR), and email (whose attachments are read by
    /// all the others).</summary>
    public static IReadOnlyList<IDocumentParser> BuiltInParsers(DocumentReaderOptions options)
    {
        IDocumentParser[] files =
        [
            new PlainTextParser(), new MarkdownParser(options), new HtmlParser(options), new PdfParser(options), new DocxParser(options),
            new JsonParser(), new JsonLinesParser(), new CsvParser(),
            new XlsxParser(options), new PptxParser(options), new EpubParser(options), new LegacyOfficeParser(options),
            new ImageParser(options.Ocr),
        ];
        return [.. files, new EmailParser(files)];
    }

    /// <summary>The parser for <paramref name="fileName"/>'s extension, null when none reads it.</summary>
    public IDocumentParser? FindParser(string fileName) =>
        _parsers.GetValueOrDefault(Path.GetExtension(fileName));

    /// <summary>Whether a parser reads <paramref name="fileName"/>'s extension.</summary>
    public bool CanRead(string fileName) => FindParser(fileName) is not null;

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <returns>The documents, or why there are none (empty file, unsupported extension, not a regular file).</returns>
    /// <exception cref="DocumentParseException">The file is over the size limit, corrupt, encrypted, not of
    /// its extension's format, or over another safety limit; the message names the file and the fix.</exception>
    /// <exception cref="IOException">The file cannot be opened (missing, locked, no permission).</exception>
    public async Task<DocumentReadResult> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (FindParser(path) is null)
        {
            return new DocumentReadResult(DocumentReadStatus.UnsupportedFormat, [], extension);
        }

        if (FileKind.WhyNotRegular(path) is not null)
        {
            return new DocumentReadResult(DocumentReadStatus.NotRegularFile, [], extension);
        }

        var length = new FileInfo(path).Length;
        CheckSize(Path.GetFileName(path), length);
        var bytes = await FileKind.ReadBoundedAsync(path, Options.MaxFileBytes, cancellationToken).ConfigureAwait(false)
            ?? throw DocumentErrors.TooLarge(Path.GetFileName(path), Options.MaxFileBytes + 1, Options.MaxFileBytes);
        using var memory = new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true);
        return await ReadAsync(memory, Path.GetFileName(path), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a file's bytes from <paramref name="content"/>, named <paramref name="fileName"/>.</summary>
    /// <param name="content">The file's bytes from the current position; not disposed.</param>
    /// <param name="fileName">The file name: its extension picks the parser, and it is used in messages.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The documents, or why there are none (empty file, unsupported extension).</returns>
    /// <exception cref="DocumentParseException">As for <see cref="ReadFileAsync"/>.</exception>
    public async Task<DocumentReadResult> ReadAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var parser = FindParser(fileName);
        if (parser is null)
        {
            return new DocumentReadResult(DocumentReadStatus.UnsupportedFormat, [], extension);
        }

        var name = Path.GetFileName(fileName);
        byte[] bytes;
        if (content.CanSeek)
        {
            CheckSize(name, content.Length - content.Position);
            bytes = await ParserInput.ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            bytes = await ReadBoundedAsync(content, name, cancellationToken).ConfigureAwait(false);
        }

        if (bytes.Length == 0)
        {
            return new DocumentReadResult(DocumentReadStatus.Empty, [], extension);
        }

        IReadOnlyList<ExtractedDocument> documents;
        try
        {
            using var memory = new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true);
            documents = await parser.ParseAsync(memory, name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (DocumentParseException or OperationCanceledException))
        {
            // A parser library failing on odd input must not stop a batch: it is this file's failure.
            throw DocumentErrors.Unexpected(name, extension.TrimStart('.'), e);
        }

        return new DocumentReadResult(documents.Count == 0 ? DocumentReadStatus.Empty : DocumentReadStatus.Read, documents, extension);
    }

    private void CheckSize(string fileName, long length)
    {
        if (length > Options.MaxFileBytes)
        {
            throw DocumentErrors.TooLarge(fileName, length, Options.MaxFileBytes);
        }
    }

    private async Task<byte[]> ReadBoundedAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        using var memory = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            memory.Write(buffer, 0, read);
            CheckSize(fileName, memory.Length);
        }

        return memory.ToArray();
    }
}
