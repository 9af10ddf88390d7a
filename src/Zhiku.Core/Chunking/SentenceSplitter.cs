namespace Zhiku.Core.Chunking;

/// <summary>
/// Splits text into sentence spans at Chinese and Latin sentence ends (。！？；… ! ? . and line breaks; not the
/// ASCII ';', which joins the cells of a table row),
/// keeping closing quotes and brackets with their sentence, and not splitting decimals (3.5), versions
/// (v2.1) or common abbreviations (e.g., Dr.).
/// </summary>
public static class SentenceSplitter
{
    private static readonly string[] Abbreviations = ["e.g", "i.e", "etc", "dr", "mr", "mrs", "ms", "prof", "vs", "no", "fig", "al", "st", "inc", "ltd", "co"];

    /// <summary>Sentence spans (start, end) of text[start..end), trimmed of surrounding white space.</summary>
    public static List<(int Start, int End)> Split(string text, int start, int end)
    {
        var spans = new List<(int Start, int End)>();
        int sentenceStart = start;
        int i = start;
        while (i < end)
        {
            char c = text[i];
            bool isEnd = c switch
            {
                '。' or '！' or '？' or '；' or '!' or '?' or '\n' or '…' => true,
                '.' => IsLatinSentenceEnd(text, i, end),
                _ => false,
            };
            i++;
            if (!isEnd)
            {
                continue;
            }

            while (i < end && IsTrailer(text[i]))
            {
                i++;
            }

            AddTrimmed(text, sentenceStart, i, spans);
            sentenceStart = i;
        }

        AddTrimmed(text, sentenceStart, end, spans);
        return spans;
    }

    private static bool IsTrailer(char c) =>
        c is '。' or '！' or '？' or '!' or '?' or '.' or '…' or '”' or '’' or '"' or '\'' or '）' or ')' or '」' or '』' or '】' or ']';

    private static bool IsLatinSentenceEnd(string text, int i, int end)
    {
        // 3.5, v2.1, www.example.com: a dot followed directly by a letter or digit is not a sentence end.
        if (i + 1 < end && !char.IsWhiteSpace(text[i + 1]) && !IsTrailer(text[i + 1]))
        {
            return false;
        }

        int wordStart = i;
        while (wordStart > 0 && char.IsLetter(text[wordStart - 1]))
        {
            wordStart--;
        }

        string word = text[wordStart..i].ToLowerInvariant();
        if (word.Length == 1 && char.IsUpper(text[wordStart]))
        {
            return false; // an initial: "J. Smith"
        }

        return Array.IndexOf(Abbreviations, word) < 0;
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
