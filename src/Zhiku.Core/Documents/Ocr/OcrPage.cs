namespace Zhiku.Core.Documents.Ocr;

/// <summary>The text read from one page image.</summary>
/// <param name="Lines">Recognised lines, in reading order.</param>
/// <param name="Paragraphs">The lines joined into paragraphs by position.</param>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Height">Image height in pixels.</param>
public sealed record OcrPage(IReadOnlyList<OcrLine> Lines, IReadOnlyList<string> Paragraphs, int Width, int Height)
{
    /// <summary>Character-weighted mean confidence of the lines; 0 for a page with no text.</summary>
    public double Quality
    {
        get
        {
            var characters = Lines.Sum(l => l.Text.Length);
            return characters == 0 ? 0 : Lines.Sum(l => (double)l.Confidence * l.Text.Length) / characters;
        }
    }
}
