using System.Globalization;
using System.Text;

namespace Zhiku.Core.Text;

/// <summary>
/// Folds text for matching: Unicode NFKC (full-width letters and digits become half-width), lower case,
/// and Traditional to Simplified Chinese, so the same word matches however it was typed.
/// </summary>
public static class TextNormalizer
{
    /// <summary>Normalises text for the index and for queries. Length may change; use it for matching only.</summary>
    public static string Normalize(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        string folded = text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        foreach (char c in folded)
        {
            builder.Append(ChineseVariantFolder.ToSimplified(char.ToLowerInvariant(c)));
        }

        return builder.ToString();
    }

    /// <summary>True for characters that can be part of a Latin word, number or code.</summary>
    public static bool IsWordChar(char c) =>
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
        || (c > '\u00bf' && !CjkText.IsCjk(c) && char.IsLetterOrDigit(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.OtherLetter);
}
