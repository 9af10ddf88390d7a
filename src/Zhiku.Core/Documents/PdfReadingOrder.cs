using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;

namespace Zhiku.Core.Documents;

/// <summary>
/// Lines of a PDF page in reading order. Most pages are one column, and their content order is their reading
/// order. A page whose letters leave an empty vertical gutter between two filled halves is segmented into blocks
/// (PdfPig's Docstrum) and the blocks put in reading order (PdfPig's unsupervised detector), so a two-column
/// page is read column by column instead of line by line across the gutter.
/// </summary>
internal static class PdfReadingOrder
{
    private const int Bins = 100;

    public static List<PdfLine> Lines(Page page)
    {
        var letters = page.Letters;
        if (letters.Count == 0 || !HasGutter(letters, page.Width))
        {
            return PdfLine.FromLetters(letters);
        }

        var words = NearestNeighbourWordExtractor.Instance.GetWords(letters).ToList();
        var blocks = DocstrumBoundingBoxes.Instance.GetBlocks(words);
        if (blocks.Count < 2)
        {
            return PdfLine.FromLetters(letters);
        }

        var ordered = UnsupervisedReadingOrderDetector.Instance.Get(blocks);
        return ordered
            .SelectMany(b => PdfLine.FromLetters(b.TextLines.SelectMany(l => l.Words).SelectMany(w => w.Letters).ToList()))
            .ToList();
    }

    /// <summary>Whether the middle half of the page has a band at least 2% wide that no letter touches, with at
    /// least a fifth of the letters on each side of it.</summary>
    internal static bool HasGutter(IReadOnlyList<Letter> letters, double pageWidth)
    {
        if (pageWidth <= 0)
        {
            return false;
        }

        var covered = new int[Bins];
        foreach (var letter in letters)
        {
            if (string.IsNullOrWhiteSpace(letter.Value))
            {
                continue;
            }

            var from = Math.Clamp((int)(letter.BoundingBox.Left / pageWidth * Bins), 0, Bins - 1);
            var to = Math.Clamp((int)(letter.BoundingBox.Right / pageWidth * Bins), 0, Bins - 1);
            for (var b = from; b <= to; b++)
            {
                covered[b]++;
            }
        }

        var run = 0;
        for (var b = Bins / 4; b < Bins * 3 / 4; b++)
        {
            run = covered[b] == 0 ? run + 1 : 0;
            if (run >= 2)
            {
                var split = (b - 1) / (double)Bins * pageWidth;
                var left = letters.Count(l => l.BoundingBox.Right < split);
                var right = letters.Count(l => l.BoundingBox.Left > split);
                if (left >= letters.Count / 5 && right >= letters.Count / 5)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
