namespace Zhiku.Core.Documents.Ocr;

/// <summary>One recognised line of text on a page image.</summary>
/// <param name="Text">The text, decoded from the recognition model.</param>
/// <param name="Confidence">Mean probability of the decoded characters, 0 to 1.</param>
/// <param name="Left">Left edge of the line's box in image pixels.</param>
/// <param name="Top">Top edge.</param>
/// <param name="Right">Right edge.</param>
/// <param name="Bottom">Bottom edge.</param>
public sealed record OcrLine(string Text, float Confidence, float Left, float Top, float Right, float Bottom)
{
    /// <summary>Height of the box.</summary>
    public float Height => Bottom - Top;

    /// <summary>Vertical centre of the box.</summary>
    public float Middle => (Top + Bottom) / 2;
}
