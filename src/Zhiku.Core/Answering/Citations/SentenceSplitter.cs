namespace Zhiku.Core.Answering.Citations;

/// <summary>
/// Splits an answer into sentences: Chinese 。！？； and English . ! ? end one, and so does a line break.
/// A full stop inside a number (3.5), after a common abbreviation (e.g., Dr., No.) or a single capital
/// (J. Smith) does not. Closing quotes, brackets and citation markers right after the end stay with the
/// sentence they close, because models write both "…年假[1]。" and "…年假。[1]".
/// </summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "prof", "st", "no", "fig", "approx", "inc", "ltd", "co", "jr", "sr", "art", "sec", "p", "pp", "vol",
    };

    private const string Closers = "”’\"'」』）)》〉]】］";

    /// <summary>Returns the sentences with their offsets into <paramref name="text"/>; blank stretches are skipped.</summary>
    public static IReadOnlyList<(int Start, string Text)> Split(string text)
    {
        var sentences = new List<(int, string)>();
        int start = 0;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            bool end = c is '。' or '！' or '？' or '；' or '!' or '?' or '\n' || (c == '.' && IsFullStop(text, i));
            if (!end)
            {
                i++;
                continue;
            }

            // Repeated terminators (?! or ……) and whatever closes the sentence belong to it.
            int j = i + 1;
            while (j < text.Length && text[j] is '。' or '！' or '？' or '!' or '?' or '.')
            {
                j++;
            }

            j = AbsorbClosers(text, j);
            Add(sentences, text, start, j);
            start = j;
            i = j;
        }

        Add(sentences, text, start, text.Length);
        return sentences;
    }

    private static int AbsorbClosers(string text, int j)
    {
        while (true)
        {
            int k = j;
            while (k < text.Length && text[k] is ' ' or '\t')
            {
                k++;
            }

            if (k < text.Length && Closers.Contains(text[k]) && text[k] is not ']' and not '】' and not '］')
            {
                j = k + 1;
                continue;
            }

            int markerEnd = CitationMarkers.MarkerEndAt(text, k);
            if (markerEnd > k)
            {
                j = markerEnd;
                continue;
            }

            return j;
        }
    }

    private static bool IsFullStop(string text, int i)
    {
        char next = i + 1 < text.Length ? text[i + 1] : ' ';
        char previous = i > 0 ? text[i - 1] : ' ';
        if (char.IsAsciiDigit(previous) && char.IsAsciiDigit(next))
        {
            return false;
        }

        if (!(char.IsWhiteSpace(next) || TextTerms.IsHan(next) || Closers.Contains(next) || next is '[' or '【' || i + 1 == text.Length))
        {
            return false;
        }

        int w = i;
        while (w > 0 && (char.IsLetter(text[w - 1]) || text[w - 1] == '.'))
        {
            w--;
        }

        string word = text[w..i];
        if (Abbreviations.Contains(word) || (word.Length == 1 && char.IsUpper(word[0])))
        {
            return false;
        }

        return true;
    }

    private static void Add(List<(int, string)> sentences, string text, int start, int end)
    {
        string piece = text[start..end];
        string trimmed = piece.TrimStart();
        int offset = start + (piece.Length - trimmed.Length);
        trimmed = trimmed.TrimEnd();
        if (trimmed.Length > 0)
        {
            sentences.Add((offset, trimmed));
        }
    }
}
