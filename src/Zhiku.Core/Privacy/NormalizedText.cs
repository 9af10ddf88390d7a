using System.Text;

namespace Zhiku.Core.Privacy;

/// <summary>
/// A copy of a text made easy to match (NFKC, so full-width digits and letters become ASCII; zero-width
/// characters removed; hyphen look-alikes turned into '-'), with a map from every normalised character back
/// to the original characters it came from. Recognizers match the normalised text; spans are mapped back.
/// </summary>
public sealed class NormalizedText
{
    private readonly int[] _originStart;
    private readonly int[] _originEnd;

    private NormalizedText(string original, string text, int[] originStart, int[] originEnd)
    {
        Original = original;
        Text = text;
        _originStart = originStart;
        _originEnd = originEnd;
    }

    /// <summary>The text as given.</summary>
    public string Original { get; }

    /// <summary>The normalised text that recognizers match.</summary>
    public string Text { get; }

    /// <summary>Normalises <paramref name="original"/>.</summary>
    public static NormalizedText Create(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        var sb = new StringBuilder(original.Length);
        var starts = new int[original.Length + 8];
        var ends = new int[original.Length + 8];
        int n = 0;
        for (int i = 0; i < original.Length;)
        {
            char c = original[i];
            int width = char.IsHighSurrogate(c) && i + 1 < original.Length && char.IsLowSurrogate(original[i + 1]) ? 2 : 1;
            if (width == 1 && IsInvisible(c))
            {
                i++;
                continue;
            }

            if (width == 1 && (c < 0x80 || IsStableUnderNfkc(c)))
            {
                Append(ref starts, ref ends, ref n, sb, c, i, i + 1);
            }
            else if (width == 1 && c is >= '\uFF01' and <= '\uFF5E')
            {
                // Full-width ASCII block: this is what NFKC does, without allocating.
                Append(ref starts, ref ends, ref n, sb, (char)(c - 0xFEE0), i, i + 1);
            }
            else if (width == 1 && IsHyphenLike(c))
            {
                Append(ref starts, ref ends, ref n, sb, '-', i, i + 1);
            }
            else
            {
                string piece = original.Substring(i, width);
                string folded = piece.IsNormalized(NormalizationForm.FormKC) ? piece : piece.Normalize(NormalizationForm.FormKC);
                foreach (char f in folded)
                {
                    Append(ref starts, ref ends, ref n, sb, IsHyphenLike(f) ? '-' : f, i, i + width);
                }
            }

            i += width;
        }

        Array.Resize(ref starts, n);
        Array.Resize(ref ends, n);
        return new NormalizedText(original, sb.ToString(), starts, ends);
    }

    /// <summary>Maps a span [start, end) of <see cref="Text"/> back to a span of <see cref="Original"/>.</summary>
    public (int Start, int End) ToOriginal(int start, int end)
    {
        if (start < 0 || end > Text.Length || start > end)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Span [{start}, {end}) is outside the normalised text.");
        }

        if (start == end)
        {
            int at = start < _originStart.Length ? _originStart[start] : Original.Length;
            return (at, at);
        }

        return (_originStart[start], _originEnd[end - 1]);
    }

    private static void Append(ref int[] starts, ref int[] ends, ref int n, StringBuilder sb, char c, int from, int to)
    {
        if (n == starts.Length)
        {
            Array.Resize(ref starts, n * 2);
            Array.Resize(ref ends, n * 2);
        }

        starts[n] = from;
        ends[n] = to;
        n++;
        sb.Append(c);
    }

    // Zero-width and formatting characters that are used (on purpose or by copy-paste) to split identifiers.
    private static bool IsInvisible(char c) =>
        c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\u2061' or '\u2062' or '\u2063' or '\u2064'
            or '\uFEFF' or '\u00AD' or '\u180E' or '\u200E' or '\u200F';

    private static bool IsHyphenLike(char c) =>
        c is '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2212' or '\uFE63' or '\uFF0D';

    // Fast path for the characters that fill Chinese text; all of them are unchanged by NFKC.
    private static bool IsStableUnderNfkc(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3001' and <= '\u3002') or (>= '\u300A' and <= '\u3011')
            or '\u201C' or '\u201D' or '\u2018' or '\u2019' or '\u00B7' or '\u2014';
}
