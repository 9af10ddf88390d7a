namespace Zhiku.Core.Documents;

/// <summary>
/// Decides which PDF paragraphs are headings: short ones set larger than the body text (the most common size),
/// ranked by size so the largest type is level 1.
/// </summary>
internal sealed class PdfHeadingLevels
{
    private const int MaxHeadingChars = 80;
    private readonly double _body;
    private readonly List<double> _sizes;

    public PdfHeadingLevels(IReadOnlyList<List<PdfLine>> pages)
    {
        var weights = new Dictionary<double, int>();
        foreach (var line in pages.SelectMany(p => p))
        {
            var size = Math.Round(line.Size, 1);
            weights[size] = weights.GetValueOrDefault(size) + line.Text.Length;
        }

        _body = weights.Count == 0 ? 0 : weights.MaxBy(w => w.Value).Key;
        _sizes = weights.Keys.Where(IsHeadingSize).OrderDescending().ToList();
    }

    /// <summary>The heading level of a paragraph, or null for body text.</summary>
    public int? LevelOf(IReadOnlyList<PdfLine> paragraph, string text)
    {
        var size = Math.Round(paragraph.Max(l => l.Size), 1);
        if (!IsHeadingSize(size) || text.Length > MaxHeadingChars || paragraph.Count > 2)
        {
            return null;
        }

        return _sizes.IndexOf(size) + 1;
    }

    private bool IsHeadingSize(double size) => _body > 0 && size >= _body * 1.15;
}
