namespace Zhiku.Core.Privacy;

/// <summary>
/// Character tests and token edges that work next to Chinese characters, where \b does not: a Han character
/// is a boundary for digits and Latin letters, and \d would also accept non-ASCII digits.
/// </summary>
internal static class Boundaries
{
    // Short Latin words that often stand right before a number without a space ("Tel13812345678").
    private static readonly string[] NumberPrefixWords = ["tel", "phone", "mobile", "mob", "cell", "fax", "no", "id", "ph", "m", "t", "p", "nr", "num"];

    public static bool IsDigit(char c) => c is >= '0' and <= '9';

    public static bool IsLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    public static bool IsAlnum(char c) => IsDigit(c) || IsLetter(c);

    public static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF';

    /// <summary>A number candidate may start at <paramref name="start"/>: no digit before it, and no Latin word
    /// glued to it unless that word is a cue such as "Tel".</summary>
    public static bool NumberStartOk(string text, int start)
    {
        if (start == 0)
        {
            return true;
        }

        char before = text[start - 1];
        if (IsDigit(before))
        {
            return false;
        }

        if (!IsLetter(before))
        {
            return true;
        }

        int wordStart = start - 1;
        while (wordStart > 0 && IsLetter(text[wordStart - 1]))
        {
            wordStart--;
        }

        ReadOnlySpan<char> word = text.AsSpan(wordStart, start - wordStart);
        foreach (string cue in NumberPrefixWords)
        {
            if (word.Equals(cue, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A number candidate may end at <paramref name="end"/>: no Latin letter or digit glued after it.</summary>
    public static bool NumberEndOk(string text, int end) => end >= text.Length || !IsAlnum(text[end]);

    /// <summary>Whether any of <paramref name="cues"/> occurs (case-insensitive) in the <paramref name="window"/>
    /// characters before <paramref name="start"/>.</summary>
    public static bool CueBefore(string text, int start, int window, IReadOnlyList<string> cues)
    {
        int from = Math.Max(0, start - window);
        ReadOnlySpan<char> span = text.AsSpan(from, start - from);
        foreach (string cue in cues)
        {
            if (span.Contains(cue, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether any of <paramref name="cues"/> occurs in the <paramref name="window"/> characters after <paramref name="end"/>.</summary>
    public static bool CueAfter(string text, int end, int window, IReadOnlyList<string> cues)
    {
        int to = Math.Min(text.Length, end + window);
        ReadOnlySpan<char> span = text.AsSpan(end, to - end);
        foreach (string cue in cues)
        {
            if (span.Contains(cue, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Cue before within <paramref name="before"/> characters or after within <paramref name="after"/>.</summary>
    public static bool CueNear(string text, int start, int end, int before, int after, IReadOnlyList<string> cues) =>
        CueBefore(text, start, before, cues) || CueAfter(text, end, after, cues);

    /// <summary>The value with spaces, hyphens and dots removed (for validating grouped numbers).</summary>
    public static string Compact(ReadOnlySpan<char> value)
    {
        Span<char> buffer = value.Length <= 128 ? stackalloc char[value.Length] : new char[value.Length];
        int n = 0;
        foreach (char c in value)
        {
            if (c is not (' ' or '-' or '.' or '\u3000' or '\t' or '(' or ')'))
            {
                buffer[n++] = c;
            }
        }

        return new string(buffer[..n]);
    }
}
