using System.IO.Compression;
using System.Xml;

namespace Zhiku.Core.Documents;

/// <summary>
/// E-books (.epub 2 and 3): the package (OPF) found through META-INF/container.xml, its chapters read in spine
/// order as XHTML by <see cref="HtmlParser"/>, so headings and their paths are kept. The title is the book's
/// dc:title. The zip is checked by <see cref="ZipGuard"/> first; the XML is read with DTDs prohibited.
/// </summary>
public sealed class EpubParser : IDocumentParser
{
    private const string Format = "EPUB (.epub)";
    private readonly DocumentReaderOptions _options;
    private readonly HtmlParser _html = new();

    /// <summary>A parser with the unpacked-size limits of <paramref name="options"/>.</summary>
    public EpubParser(DocumentReaderOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Extensions { get; } = [".epub"];

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
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            var container = Load(zip, "META-INF/container.xml") ?? throw DocumentErrors.Corrupt(fileName, Format);
            var opfPath = container.GetElementsByTagName("rootfile").OfType<XmlElement>().Select(e => e.GetAttribute("full-path"))
                .FirstOrDefault(p => p.Length > 0) ?? throw DocumentErrors.Corrupt(fileName, Format);
            var opf = Load(zip, opfPath) ?? throw DocumentErrors.Corrupt(fileName, Format);

            var manifest = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var item in opf.GetElementsByTagName("item").OfType<XmlElement>())
            {
                manifest[item.GetAttribute("id")] = Resolve(opfPath, item.GetAttribute("href"));
            }

            var builder = new ExtractedTextBuilder();
            foreach (var itemref in opf.GetElementsByTagName("itemref").OfType<XmlElement>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!manifest.TryGetValue(itemref.GetAttribute("idref"), out var path) || zip.GetEntry(path) is not { } entry)
                {
                    continue;
                }

                using var chapter = new MemoryStream();
                using (var stream = entry.Open())
                {
                    await stream.CopyToAsync(chapter, cancellationToken).ConfigureAwait(false);
                }

                chapter.Position = 0;
                foreach (var document in await _html.ParseAsync(chapter, Path.GetFileName(path), cancellationToken).ConfigureAwait(false))
                {
                    foreach (var block in document.Blocks)
                    {
                        builder.Add(document.Text.Substring(block.Start, block.Length), block.Kind, block.HeadingPath);
                    }
                }
            }

            var title = opf.GetElementsByTagName("dc:title").OfType<XmlElement>().Select(e => e.InnerText.Trim()).FirstOrDefault(t => t.Length > 0);
            return ParserInput.One(builder.Build(null, title ?? ParserInput.TitleFromFileName(fileName), "epub"));
        }
        catch (Exception e) when (e is XmlException or InvalidDataException or IOException or UriFormatException)
        {
            throw DocumentErrors.Corrupt(fileName, Format, e);
        }
    }

    private static XmlDocument? Load(ZipArchive zip, string path)
    {
        if (zip.GetEntry(path) is not { } entry)
        {
            return null;
        }

        using var stream = entry.Open();
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        var document = new XmlDocument { XmlResolver = null };
        document.Load(reader);
        return document;
    }

    /// <summary>A manifest href relative to the package file, as a path inside the zip.</summary>
    private static string Resolve(string opfPath, string href)
    {
        var resolved = new Uri(new Uri("epub:///" + opfPath), href.Split('#')[0]);
        return Uri.UnescapeDataString(resolved.AbsolutePath.TrimStart('/'));
    }
}
