using Zhiku.Core.Documents.Ocr;

namespace Zhiku.Core.Documents;

/// <summary>
/// Images (.png .jpg .jpeg .tif .tiff .bmp .webp): a photo or scan of a page, read by OCR into paragraphs on
/// page 1. Without the OCR models the file is refused with the command that installs them.
/// </summary>
public sealed class ImageParser(OcrOptions options) : IDocumentParser
{
    /// <inheritdoc />
    public IReadOnlyCollection<string> Extensions { get; } = [".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"];

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExtractedDocument>> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var bytes = await ParserInput.ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            return ParserInput.None;
        }

        IOcrEngine engine;
        try
        {
            engine = OcrEngines.Get(options);
        }
        catch (OcrModelsException e)
        {
            throw DocumentErrors.OcrUnavailable(fileName, e);
        }

        OcrPage page;
        try
        {
            page = await engine.RecognizeAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw DocumentErrors.BadImage(fileName, e.Message, e);
        }

        var builder = new ExtractedTextBuilder();
        foreach (var paragraph in page.Paragraphs)
        {
            builder.Add(paragraph, BlockKind.Paragraph, "", 1);
        }

        var source = builder.Count == 0 ? PageTextSource.Empty : PageTextSource.Ocr;
        var document = builder.Build(null, ParserInput.TitleFromFileName(fileName), "image");
        if (document is null)
        {
            return ParserInput.None;
        }

        return [document with { Pages = [new PageText(1, source, Math.Round(page.Quality, 3))] }];
    }
}
