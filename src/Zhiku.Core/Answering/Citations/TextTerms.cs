using System.Globalization;
using System.Text;

namespace Zhiku.Core.Answering.Citations;

/// <summary>
/// Language-neutral term extraction for support scoring: overlapping bigrams of Chinese characters (single
/// characters for one-character runs) and lower-cased Latin/digit words. Bigrams need no dictionary, work for
/// Simplified and Traditional Chinese alike, and match the retrieval baseline's notion of a term.
/// </summary>
internal static class TextTerms
{
    // Answer boilerplate that the model adds around facts; it says nothing about support.
    private static readonly HashSet<string> StopTerms = new(StringComparer.Ordinal)
    {
        "根据", "据资", "资料", "料中", "料显", "显示", "来源", "文档", "提到", "中提", "表明", "如下", "以及", "其中", "我们",
        "the", "a", "an", "of", "to", "in", "and", "or", "is", "are", "was", "were", "be", "been", "it", "its", "this",
        "that", "these", "those", "for", "on", "at", "by", "with", "as", "from", "according", "source", "sources",
        "document", "documents", "states", "stated", "mentioned", "which", "also", "can", "has", "have", "had",
    };

    public static string Normalize(string text) => text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    public static HashSet<string> Terms(string text)
    {
        string normalized = Normalize(text);
        var terms = new HashSet<string>(StringComparer.Ordinal);
        int i = 0;
        while (i < normalized.Length)
        {
            char c = normalized[i];
            if (IsHan(c))
            {
                int start = i;
                while (i < normalized.Length && IsHan(normalized[i]))
                {
                    i++;
                }

                if (i - start == 1)
                {
                    Add(terms, normalized.Substring(start, 1));
                }

                for (int j = start; j + 1 < i; j++)
                {
                    Add(terms, normalized.Substring(j, 2));
                }
            }
            else if (char.IsLetterOrDigit(c))
            {
                int start = i;
                while (i < normalized.Length && char.IsLetterOrDigit(normalized[i]) && !IsHan(normalized[i]))
                {
                    i++;
                }

                Add(terms, Stem(normalized[start..i]));
            }
            else
            {
                i++;
            }
        }

        return terms;
    }

    public static bool IsHan(char c) =>
        (c >= '\u4E00' && c <= '\u9FFF') || (c >= '\u3400' && c <= '\u4DBF') || (c >= '\uF900' && c <= '\uFAFF');

    public static bool HasHan(string text) => text.Any(IsHan);

    /// <summary>Share of Chinese characters among letters, to pick the answer language.</summary>
    public static double HanShare(string text)
    {
        int han = 0, letters = 0;
        foreach (char c in text)
        {
            if (IsHan(c))
            {
                han++;
                letters++;
            }
            else if (char.IsLetter(c))
            {
                letters++;
            }
        }

        return letters == 0 ? 0 : (double)han / letters;
    }

    private static void Add(HashSet<string> terms, string term)
    {
        if (!StopTerms.Contains(term))
        {
            terms.Add(term);
        }
    }

    // A light English suffix fold so "employees"/"employee" and "applied"/"apply" meet; not a full stemmer.
    private static string Stem(string word)
    {
        // "03" in 2024-03-01 is the 3 of 2024年3月1日.
        if (word.Length > 1 && word[0] == '0' && word.All(char.IsAsciiDigit))
        {
            return word.TrimStart('0') is { Length: > 0 } trimmed ? trimmed : "0";
        }

        if (word.Length <= 4 || !word.All(ch => ch < 128 && char.IsLetter(ch)))
        {
            return word;
        }

        foreach (string suffix in new[] { "ies", "ied", "ing", "ed", "s" })
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal) && word.Length - suffix.Length >= 3)
            {
                word = suffix is "ies" or "ied" ? word[..^suffix.Length] + "y" : word[..^suffix.Length];
                break;
            }
        }

        return word.Length > 3 && word[^1] == 'e' ? word[..^1] : word;
    }

    public static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
