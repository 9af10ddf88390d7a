using Zhiku.Core.Documents.Ocr;

namespace Zhiku.Core.Documents;

/// <summary>Safety limits for reading files. The defaults suit a desktop knowledge base.</summary>
public sealed record DocumentReaderOptions
{
    /// <summary>Default <see cref="MaxFileBytes"/>: 200 MB.</summary>
    public const long DefaultMaxFileBytes = 200L * 1024 * 1024;

    /// <summary>Files larger than this are refused before they are read. Must be positive.</summary>
    public long MaxFileBytes { get; init; } = DefaultMaxFileBytes;

    /// <summary>
    /// A zip-based file (.docx) may unpack to at most this many times its own size (but always to at least
    /// <see cref="MinUnpackedBytes"/>); more is taken as a zip bomb.
    /// </summary>
    public int MaxUnpackedRatio { get; init; } = 50;

    /// <summary>Unpacked size always allowed, whatever the ratio, so small documents are never refused.</summary>
    public long MinUnpackedBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Unpacked size never allowed, whatever the file size.</summary>
    public long MaxUnpackedBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>Default <see cref="MaxNestingDepth"/>.</summary>
    public const int DefaultMaxNestingDepth = 512;

    /// <summary>
    /// Deepest element nesting a tree parser is given (HTML elements, WordprocessingML elements, PDF dictionaries
    /// and arrays). Deeper HTML and Word documents are read as flat text in one streaming pass (their text kept,
    /// their structure not); deeper PDFs are refused. Real documents stay far below it.
    /// </summary>
    public int MaxNestingDepth { get; init; } = DefaultMaxNestingDepth;
    /// <summary>OCR for images and scanned PDF pages: the model folder and the per-document time budget.</summary>
    public OcrOptions Ocr { get; init; } = new();

    /// <summary>The unpacked-size limit for a zip-based file of <paramref name="fileBytes"/> bytes.</summary>
    public long UnpackedLimit(long fileBytes) =>
        Math.Min(MaxUnpackedBytes, Math.Max(MinUnpackedBytes, fileBytes * MaxUnpackedRatio));

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (MaxFileBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFileBytes), MaxFileBytes, "MaxFileBytes must be positive.");
        }

        if (MaxUnpackedRatio <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxUnpackedRatio), MaxUnpackedRatio, "MaxUnpackedRatio must be positive.");
        }

        if (MaxNestingDepth < 16)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxNestingDepth), MaxNestingDepth, "MaxNestingDepth must be at least 16.");
        }

        if (MinUnpackedBytes <= 0 || MaxUnpackedBytes < MinUnpackedBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxUnpackedBytes), MaxUnpackedBytes,
                "MaxUnpackedBytes must be at least MinUnpackedBytes, and both positive.");
        }
    }
}
