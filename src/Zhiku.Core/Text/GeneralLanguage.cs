using System.Globalization;

namespace Zhiku.Core.Text;

/// <summary>
/// How common a Chinese word is in general language, from the inverse document frequencies jieba ships for keyword
/// extraction (idf.txt, about 270,000 words from a large general corpus). A knowledge base of a few hundred chunks
/// has never seen most everyday words (钱, 开始, 卖, 领), so its own IDF gives them the weight of a rare topic word;
/// a word of a question that the knowledge base lacks weighs as much as it says about the topic in general
/// language: little for everyday words, fully for specific ones (会费, 团建, 打印机) and for words jieba does not know.
/// </summary>
public static class GeneralLanguage
{
    /// <summary>General IDF at or below which an absent word counts as an everyday word (lowest factor).</summary>
    public const double EverydayIdf = 5.0;

    /// <summary>General IDF at or above which an absent word counts as fully specific (factor 1).</summary>
    public const double SpecificIdf = 9.0;

    /// <summary>The least weight factor an absent everyday word keeps.</summary>
    public const double EverydayFactor = 0.15;

    private static readonly Lazy<WordTable?> Idfs = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The general-language IDF of <paramref name="word"/>, or null when jieba does not list it.</summary>
    public static double? Idf(string word) =>
        Idfs.Value is { } table && table.Find(word) is int entry and >= 0 ? table.ValueOf(entry) : null;

    /// <summary>
    /// The factor in (0, 1] for the weight of a term that occurs nowhere in the knowledge base: 1 for Latin terms,
    /// words jieba does not list and specific words; down to <see cref="EverydayFactor"/> for everyday words.
    /// </summary>
    public static double AbsentTermFactor(string term)
    {
        if (term.Length == 0 || !term.All(CjkText.IsCjk) || Idf(term) is not double idf)
        {
            return 1.0;
        }

        double share = (idf - EverydayIdf) / (SpecificIdf - EverydayIdf);
        return Math.Clamp(share, EverydayFactor, 1.0);
    }

    /// <summary>
    /// <see cref="AbsentTermFactor"/> for a word of jieba's segmentation; a Chinese compound jieba does not list (a
    /// word its HMM guessed from single characters, such as 能休 or 没休) is as specific as its most specific
    /// character, not fully specific as an unknown word.
    /// </summary>
    public static double AbsentWordFactor(string word)
    {
        if (word.Length < 2 || !word.All(CjkText.IsCjk) || Idf(word) is not null)
        {
            return AbsentTermFactor(word);
        }

        double factor = EverydayFactor;
        foreach (char c in word)
        {
            factor = Math.Max(factor, AbsentTermFactor(c.ToString()));
        }

        return factor;
    }

    /// <summary>idf.txt's words and IDFs, through its compiled file (<see cref="WordTableFile"/>) so a process
    /// that weighs a few words does not parse the 6 MB list; null when the list is missing.</summary>
    private static WordTable? Load()
    {
        string path = Path.Combine(ChineseSegmenter.Folder, "idf.txt");

        // Without the list every absent word keeps its full weight, as before it existed.
        return File.Exists(path) ? WordTableFile.Load(path, Compile) : null;
    }

    /// <summary>"word idf" a line, read as File.ReadLines splits lines (\n, \r\n or \r); lines without a space
    /// after the word or with an unreadable number are skipped; a repeated word keeps its last IDF.</summary>
    internal static WordTableBuilder Compile(string text)
    {
        var builder = new WordTableBuilder(text, text.AsSpan().Count('\n') + 1);
        int at = 0;
        while (at < text.Length)
        {
            int end = text.AsSpan(at).IndexOfAny('\r', '\n');
            end = end < 0 ? text.Length : at + end;
            ReadOnlySpan<char> line = text.AsSpan(at, end - at);
            int space = line.IndexOf(' ');
            if (space > 0 && double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double idf))
            {
                builder.Set(at, space, idf, overwrite: true);
            }

            at = end < text.Length && text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? end + 2 : end + 1;
        }

        return builder;
    }
}
