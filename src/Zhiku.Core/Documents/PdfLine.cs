using System.Text;
using UglyToad.PdfPig.Content;
using Zhiku.Core.Text;

namespace Zhiku.Core.Documents;

/// <summary>One line of text on a PDF page, assembled from letters in content order.</summary>
internal sealed record PdfLine(string Text, double Baseline, double Left, double Right, double Size)
{
    /// <summary>Whether the line ends with sentence-final punctuation.</summary>
    public bool EndsSentence => Text.Length > 0 && Text[^1] is '。' or '！' or '？' or '：' or '.' or '!' or '?' or ':' or '；' or ';';

    /// <summary>
    /// Lines of a page. A new line starts where the baseline moves by more than 40% of the type size; a space
    /// is put where letters are visibly apart, except between Chinese characters.
    /// </summary>
    public static List<PdfLine> FromLetters(IReadOnlyList<Letter> letters)
    {
        var lines = new List<PdfLine>();
        var text = new StringBuilder();
        Letter? first = null;
        Letter? previous = null;
        double size = 0, right = 0;
        foreach (var letter in letters)
        {
            if (letter.Value.Length == 0)
            {
                continue;
            }

            var letterSize = letter.PointSize > 0 ? letter.PointSize : Math.Max(letter.BoundingBox.Height, 1);
            if (previous is not null && Math.Abs(letter.StartBaseLine.Y - previous.StartBaseLine.Y) > 0.4 * Math.Max(size, letterSize))
            {
                Close();
            }

            if (previous is not null && NeedsSpace(previous, letter, letterSize, text))
            {
                text.Append(' ');
            }

            first ??= letter;
            text.Append(letter.Value);
            size = Math.Max(size, string.IsNullOrWhiteSpace(letter.Value) ? 0 : letterSize);
            right = Math.Max(right, letter.EndBaseLine.X);
            previous = letter;
        }

        Close();
        return lines;

        void Close()
        {
            var value = text.ToString().Trim();
            if (first is not null && value.Length > 0)
            {
                lines.Add(new PdfLine(value, first.StartBaseLine.Y, first.StartBaseLine.X, right, size));
            }

            text.Clear();
            first = null;
            previous = null;
            size = 0;
            right = 0;
        }
    }

    private static bool NeedsSpace(Letter previous, Letter letter, double size, StringBuilder text)
    {
        if (text.Length == 0 || char.IsWhiteSpace(text[^1]) || string.IsNullOrWhiteSpace(letter.Value))
        {
            return false;
        }

        var gap = letter.StartBaseLine.X - previous.EndBaseLine.X;
        if (gap < 0.25 * size)
        {
            return false;
        }

        return !(CjkText.IsWide(text[^1]) && CjkText.IsWide(letter.Value[0]));
    }
}
