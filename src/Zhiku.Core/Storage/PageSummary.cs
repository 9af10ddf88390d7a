using Zhiku.Core.Documents;

namespace Zhiku.Core.Storage;

/// <summary>How many pages of a document came from its text layer, from OCR, or not at all.</summary>
/// <param name="Total">Pages in the document.</param>
/// <param name="Text">Pages read from the text layer.</param>
/// <param name="Ocr">Pages read by OCR.</param>
/// <param name="Empty">Pages with no text and no readable image.</param>
/// <param name="Skipped">Pages that needed OCR but were not read (no models, time budget).</param>
/// <param name="OcrQuality">Mean recognition confidence of the OCR'd pages, null when none was.</param>
public sealed record PageSummary(int Total, int Text, int Ocr, int Empty, int Skipped, double? OcrQuality)
{
    /// <summary>The summary of a document's pages.</summary>
    public static PageSummary Of(IReadOnlyList<PageText> pages)
    {
        var ocr = pages.Where(p => p.Source == PageTextSource.Ocr).ToList();
        return new PageSummary(
            pages.Count,
            pages.Count(p => p.Source == PageTextSource.Text),
            ocr.Count,
            pages.Count(p => p.Source == PageTextSource.Empty),
            pages.Count(p => p.Source == PageTextSource.Skipped),
            ocr.Count == 0 ? null : Math.Round(ocr.Average(p => p.Quality), 3));
    }
}
