namespace Zhiku.Core.Documents;

/// <summary>How the text of one page was obtained.</summary>
public enum PageTextSource
{
    /// <summary>From the file's own text layer.</summary>
    Text,
    /// <summary>Read from the page image by OCR.</summary>
    Ocr,
    /// <summary>The page holds no text and no readable image.</summary>
    Empty,
    /// <summary>The page needed OCR but was not read: no OCR models, or the document's OCR time budget ran out.</summary>
    Skipped,
}

/// <summary>The provenance of one page's text.</summary>
/// <param name="Page">1-based page number.</param>
/// <param name="Source">Text layer, OCR, empty or skipped.</param>
/// <param name="Quality">0 to 1: for OCR the recognition confidence, for a text layer the share of plausible
/// characters; 0 for empty and skipped pages.</param>
public sealed record PageText(int Page, PageTextSource Source, double Quality);
