using System.Text;
using Zhiku.Core.Indexing.Analysis;
using Zhiku.Core.Text;

namespace Zhiku.Core.Indexing.Hybrid;

/// <summary>
/// How much of a query an embedding model can read. An English-only model (the built-in one) embeds Chinese text
/// as noise, so its list should not count for a Chinese query; a mixed query counts it in proportion.
/// Text is measured in UTF-8 bytes of letters and digits (a Chinese character is 3, a Latin letter 1), which puts
/// a Chinese word and an English word at roughly the same weight. Digits are read by every model.
/// </summary>
public static class LanguageCoverage
{
    /// <summary>
    /// The share (0 to 1) of <paramref name="text"/> in the given languages (<c>zh</c>, <c>en</c>, <c>*</c>); 1 when
    /// the text has no letters to judge by.
    /// </summary>
    public static double Share(string text, IReadOnlyCollection<string> languages)
    {
        if (languages.Contains("*"))
        {
            return 1;
        }

        bool zh = languages.Contains("zh");
        bool en = languages.Contains("en");
        double covered = 0;
        double total = 0;
        foreach (Rune rune in TextNormalizer.Normalize(text).EnumerateRunes())
        {
            if (!Rune.IsLetterOrDigit(rune))
            {
                continue;
            }

            int bytes = rune.Utf8SequenceLength;
            total += bytes;
            if (Rune.IsDigit(rune))
            {
                covered += bytes;
            }
            else if (rune.IsBmp && CjkText.IsCjk((char)rune.Value) || (rune.Value >= 0x20000 && rune.Value <= 0x3134F))
            {
                covered += zh ? bytes : 0;
            }
            else if (rune.Value < 0x0250)
            {
                covered += en ? bytes : 0;
            }
        }

        return total == 0 ? 1 : covered / total;
    }
}
