using Zhiku.Core.Text;

namespace Zhiku.Core.Documents.Ocr;

/// <summary>
/// Orders recognised line pieces into reading order and joins them into paragraphs by position: pieces whose
/// boxes share most of their height are one line (left to right); a wider gap than the page's line spacing, a
/// change of type size, or a short line ending a sentence starts a new paragraph.
/// </summary>
internal static class OcrLayout
{
    public static (IReadOnlyList<OcrLine> Lines, IReadOnlyList<string> Paragraphs) Arrange(IReadOnlyList<OcrLine> pieces)
    {
        if (pieces.Count == 0)
        {
            return ([], []);
        }

        var rows = new List<List<OcrLine>>();
        foreach (var piece in pieces.OrderBy(p => p.Top))
        {
            var row = rows.LastOrDefault(r => SameRow(r, piece));
            if (row is null)
            {
                rows.Add([piece]);
            }
            else
            {
                row.Add(piece);
            }
        }

        var lines = rows
            .Select(r => Merge(r.OrderBy(p => p.Left).ToList()))
            .OrderBy(l => l.Top)
            .ToList();
        return (lines, Paragraphs(lines));
    }

    private static bool SameRow(List<OcrLine> row, OcrLine piece)
    {
        var top = row.Min(p => p.Top);
        var bottom = row.Max(p => p.Bottom);
        var overlap = Math.Min(bottom, piece.Bottom) - Math.Max(top, piece.Top);
        return overlap > 0.5 * Math.Min(bottom - top, piece.Height);
    }

    private static OcrLine Merge(List<OcrLine> row)
    {
        if (row.Count == 1)
        {
            return row[0];
        }

        var text = new System.Text.StringBuilder(row[0].Text);
        for (var i = 1; i < row.Count; i++)
        {
            var gap = row[i].Left - row[i - 1].Right;
            var height = Math.Max(row[i].Height, row[i - 1].Height);
            // Latin words keep their space; CJK text only where the gap is wide (table columns, tab stops).
            var latin = text.Length > 0 && IsLatinOrDigit(text[^1]) && row[i].Text.Length > 0 && IsLatinOrDigit(row[i].Text[0]);
            if (latin || gap > height)
            {
                text.Append(' ');
            }

            text.Append(row[i].Text);
        }

        var characters = row.Sum(p => p.Text.Length);
        var confidence = characters == 0 ? 0 : row.Sum(p => p.Confidence * p.Text.Length) / characters;
        return new OcrLine(text.ToString(), confidence, row.Min(p => p.Left), row.Min(p => p.Top), row.Max(p => p.Right), row.Max(p => p.Bottom));
    }

    private static List<string> Paragraphs(List<OcrLine> lines)
    {
        var heights = lines.Select(l => l.Height).Order().ToList();
        var typical = heights[heights.Count / 2];
        var right = lines.Max(l => l.Right);
        var paragraphs = new List<string>();
        var current = lines[0].Text;
        for (var i = 1; i < lines.Count; i++)
        {
            var previous = lines[i - 1];
            var line = lines[i];
            var gap = line.Top - previous.Bottom;
            var size = Math.Max(previous.Height, line.Height);
            var breaks = gap > 0.8 * typical
                || Math.Abs(previous.Height - line.Height) > 0.3 * size
                || previous.Right < right - (2 * size);
            if (breaks)
            {
                paragraphs.Add(current);
                current = line.Text;
            }
            else
            {
                current = CjkText.JoinWrapped(current, line.Text);
            }
        }

        paragraphs.Add(current);
        return paragraphs;
    }

    private static bool IsLatinOrDigit(char c) => c < 0x2E80 && char.IsLetterOrDigit(c);
}
