namespace Zhiku.Core.Text;

/// <summary>
/// The one sentence splitter of Zhiku (chunking, extractive answers, citation checks). Chinese 。！？；… and English
/// . ! ? end a sentence, and so does a line break; the ASCII ';' does not (it joins the cells of a table row). A full
/// stop inside a number (3.5), a version or address (v2.1, www.example.com), after a common abbreviation (e.g., Dr.,
/// No.) or a single capital (J. Smith) does not end one. Repeated terminators and closing quotes or brackets stay
/// with the sentence they close; callers can extend a sentence further (answers keep a citation marker written
/// after the full stop, "…年假。[1]", with its sentence).
/// </summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "prof", "st", "no", "fig", "approx", "inc", "ltd", "co", "jr", "sr",
        "art", "sec", "p", "pp", "vol", "al",
    };

    private const string Closers = "”’\"'」』）)》〉";

    /// <summary>Sentence spans (start, end) of text[start..end), trimmed of surrounding white space.</summary>
    /// <param name="text">The text.</param>
    /// <param name="start">Where to start.</param>
    /// <param name="end">Where to stop.</param>
    /// <param name="extendEnd">Given the text and the position just after a sentence (and its closers), returns a
    /// later position when more belongs to the sentence (a citation marker), else the same position.</param>
    public static List<(int Start, int End)> Split(string text, int start, int end, Func<string, int, int>? extendEnd = null)
    {
        var spans = new List<(int Start, int End)>();
        int sentenceStart = start;
        int i = start;
        while (i < end)
        {
            char c = text[i];
            bool isEnd = c is '。' or '！' or '？' or '；' or '!' or '?' or '\n' or '…' || (c == '.' && IsFullStop(text, i, end));
            i++;
            if (!isEnd)
            {
                continue;
            }

            while (i < end && text[i] is '。' or '！' or '？' or '!' or '?' or '.' or '…')
            {
                i++;
            }

            i = AbsorbClosers(text, i, end, extendEnd);
            AddTrimmed(text, sentenceStart, i, spans);
            sentenceStart = i;
        }

        AddTrimmed(text, sentenceStart, end, spans);
        return spans;
    }

    private static int AbsorbClosers(string text, int i, int end, Func<string, int, int>? extendEnd)
    {
        while (true)
        {
            int k = i;
            while (k < end && text[k] is ' ' or '\t')
            {
                k++;
            }

            if (k < end && Closers.Contains(text[k], StringComparison.Ordinal))
            {
                i = k + 1;
                continue;
            }

            int extended = extendEnd is null || k >= end ? k : Math.Min(end, extendEnd(text, k));
            if (extended > k)
            {
                i = extended;
                continue;
            }

            return i;
        }
    }

    private static bool IsFullStop(string text, int i, int end)
    {
        char next = i + 1 < end ? text[i + 1] : ' ';
        char previous = i > 0 ? text[i - 1] : ' ';
        if (char.IsAsciiDigit(previous) && char.IsAsciiDigit(next))
        {
            return false;
        }

        // v2.1, www.example.com: a dot followed directly by a letter or digit is not a sentence end.
        if (!(char.IsWhiteSpace(next) || CjkText.IsCjk(next) || Closers.Contains(next, StringComparison.Ordinal)
            || next is '[' or '【' || i + 1 >= end))
        {
            return false;
        }

        int w = i;
        while (w > 0 && (char.IsLetter(text[w - 1]) || text[w - 1] == '.'))
        {
            w--;
        }

        string word = text[w..i];
        return !Abbreviations.Contains(word) && !(word.Length == 1 && char.IsUpper(word[0]));
    }

    private static void AddTrimmed(string text, int start, int end, List<(int Start, int End)> spans)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            spans.Add((start, end));
        }
    }
}
