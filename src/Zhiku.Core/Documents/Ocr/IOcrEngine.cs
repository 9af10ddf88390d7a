namespace Zhiku.Core.Documents.Ocr;

/// <summary>Reads the text of page images.</summary>
public interface IOcrEngine
{
    /// <summary>Recognises the text of one encoded image (PNG, JPEG, TIFF, BMP, WebP).</summary>
    /// <param name="image">The encoded image bytes.</param>
    /// <param name="cancellationToken">Cancels between the model runs.</param>
    /// <returns>The page's lines and paragraphs; no lines when the image holds no readable text.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a decodable image, or it is larger than the pixel cap.</exception>
    Task<OcrPage> RecognizeAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default);
}
