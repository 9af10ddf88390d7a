using System.Globalization;
using System.Text.RegularExpressions;

namespace Zhiku.Core.Answering.Citations;

/// <summary>
/// Finds numbers, dates, amounts, names and codes in an answer sentence with simple, predictable patterns.
/// Heuristics, not NER: they catch the facts a reader would check (how many days, how much money, which date,
/// which person or product) and say nothing about the rest. Later patterns skip spans claimed by earlier ones.
/// </summary>
internal static partial class FactExtractor
{
    private const string Num = "[0-9]+(?:,[0-9]{3}(?![0-9]))*(?:\\.[0-9]+)?";
    private const string Months = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec";

    [GeneratedRegex("(?<![0-9])(?<y>[0-9]{4})\\s*年\\s*(?<m>[0-9]{1,2})\\s*月(?:\\s*(?<d>[0-9]{1,2})\\s*[日号])?|(?<![0-9])(?<m>[0-9]{1,2})\\s*月\\s*(?<d>[0-9]{1,2})\\s*[日号]|(?<![0-9])(?<y>[0-9]{4})[-/.](?<m>[0-9]{1,2})[-/.](?<d>[0-9]{1,2})(?![0-9])")]
    private static partial Regex NumericDate();

    [GeneratedRegex("\\b(?<mn>" + Months + ")\\.?\\s+(?<d>[0-9]{1,2})(?:st|nd|rd|th)?(?:,?\\s+(?<y>[0-9]{4}))?\\b|\\b(?<d>[0-9]{1,2})\\s+(?<mn>" + Months + ")\\.?(?:,?\\s+(?<y>[0-9]{4}))?\\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishDate();

    [GeneratedRegex("(?:[¥￥$€£]|\\b(?:RMB|CNY|USD)\\s?)\\s*(?<n>" + Num + ")\\s*(?<u>万|亿|千|million|billion|k)?|(?<![0-9.,])(?<n>" + Num + ")\\s*(?<u>万|亿|千)?\\s*(?:元|美元|块钱|人民币|欧元|英镑|\\s?(?:dollars?|yuan|RMB|CNY|USD)\\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Amount();

    [GeneratedRegex("\\b[A-Za-z]{1,10}(?:[-_][A-Za-z0-9]+)*[-_][0-9][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*\\b")]
    private static partial Regex Code();

    [GeneratedRegex("(?<![0-9.,])(?<n>" + Num + ")\\s*(?<u>%|％|万|亿)?")]
    private static partial Regex DigitNumber();

    [GeneratedRegex("(?<n>[零〇一二两三四五六七八九十百千万亿]+)(?=个月|小时|分钟|天|日|年|周|元|块|人|次|岁|倍|项|条|名|家|位|%)")]
    private static partial Regex ChineseNumber();

    [GeneratedRegex("(?<!^|[.!?]\\s)\\b[A-Z][a-z]+(?:\\s+(?:[A-Z][a-z]+|[A-Z]\\.))+")]
    private static partial Regex LatinName();

    [GeneratedRegex("《[^》]{1,40}》|(?<n>[\\u4e00-\\u9fff]{2,3})(?=先生|女士|经理|总监|主任|博士|教授|律师|医生)")]
    private static partial Regex ChineseName();

    public static IReadOnlyList<FactMention> Extract(string sentence)
    {
        var mentions = new List<FactMention>();
        foreach (Match m in NumericDate().Matches(sentence))
        {
            AddIfFree(mentions, new FactMention(FactKind.Date, m.Value, m.Index, m.Length) { Required = DateParts(m, null) });
        }

        foreach (Match m in EnglishDate().Matches(sentence))
        {
            int month = MonthNumber(m.Groups["mn"].Value);
            AddIfFree(mentions, new FactMention(FactKind.Date, m.Value, m.Index, m.Length) { Required = DateParts(m, month) });
        }

        foreach (Match m in Amount().Matches(sentence))
        {
            AddIfFree(mentions, new FactMention(FactKind.Amount, m.Value.Trim(), m.Index, m.Value.TrimEnd().Length)
            {
                Alternatives = Values(m.Groups["n"].Value, m.Groups["u"].Value),
            });
        }

        foreach (Match m in Code().Matches(sentence))
        {
            AddIfFree(mentions, new FactMention(FactKind.Code, m.Value, m.Index, m.Length) { Normalized = TextTerms.Normalize(m.Value) });
        }

        foreach (Match m in DigitNumber().Matches(sentence))
        {
            AddIfFree(mentions, new FactMention(FactKind.Number, m.Value.TrimEnd(), m.Index, m.Value.TrimEnd().Length)
            {
                Alternatives = Values(m.Groups["n"].Value, m.Groups["u"].Value),
            });
        }

        foreach (Match m in ChineseNumber().Matches(sentence))
        {
            // 一 alone is mostly an article (一个, 一种), not a count worth checking.
            if (ChineseNumerals.Parse(m.Value) is { } value && value != 1)
            {
                AddIfFree(mentions, new FactMention(FactKind.Number, m.Value, m.Index, m.Length) { Alternatives = [TextTerms.Invariant(value)] });
            }
        }

        foreach (Match m in LatinName().Matches(sentence))
        {
            AddIfFree(mentions, new FactMention(FactKind.Name, m.Value, m.Index, m.Length) { Normalized = TextTerms.Normalize(m.Value) });
        }

        foreach (Match m in ChineseName().Matches(sentence))
        {
            string text = m.Groups["n"].Success ? m.Groups["n"].Value : m.Value.Trim('《', '》');
            int start = m.Groups["n"].Success ? m.Groups["n"].Index : m.Index;
            AddIfFree(mentions, new FactMention(FactKind.Name, m.Value, start, m.Length) { Normalized = TextTerms.Normalize(text) });
        }

        mentions.Sort((a, b) => a.Start.CompareTo(b.Start));
        return mentions;
    }

    /// <summary>Every numeric value a source text states, in canonical form, including month names and multiplied units.</summary>
    public static HashSet<string> SourceNumbers(string text)
    {
        // NFKC turns the Chinese comma into "," which would glue "¥450，2024年" into one number.
        string normalized = text.Replace('，', '、').Normalize(System.Text.NormalizationForm.FormKC);
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in DigitNumber().Matches(normalized))
        {
            values.UnionWith(Values(m.Groups["n"].Value, m.Groups["u"].Value));
        }

        foreach (Match m in Regex.Matches(normalized, "[零〇一二两三四五六七八九十百千万亿]+"))
        {
            if (ChineseNumerals.Parse(m.Value) is { } value)
            {
                values.Add(TextTerms.Invariant(value));
            }
        }

        foreach (Match m in Regex.Matches(normalized, "\\b(?:" + Months + ")\\b", RegexOptions.IgnoreCase))
        {
            values.Add(TextTerms.Invariant(MonthNumber(m.Value)));
        }

        return values;
    }

    private static void AddIfFree(List<FactMention> mentions, FactMention candidate)
    {
        if (candidate.Length > 0 && !mentions.Any(m => candidate.Start < m.End && m.Start < candidate.End))
        {
            mentions.Add(candidate);
        }
    }

    private static string[] DateParts(Match m, int? month)
    {
        var parts = new List<string>();
        foreach (string group in new[] { "y", "m", "d" })
        {
            if (m.Groups[group].Success && double.TryParse(m.Groups[group].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            {
                parts.Add(TextTerms.Invariant(v));
            }
        }

        if (month is { } number)
        {
            parts.Add(TextTerms.Invariant(number));
        }

        return [.. parts];
    }

    private static string[] Values(string number, string unit)
    {
        if (!double.TryParse(number.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            return [];
        }

        double factor = unit.ToLowerInvariant() switch
        {
            "万" => 10_000,
            "亿" => 100_000_000,
            "千" or "k" => 1_000,
            "million" => 1_000_000,
            "billion" => 1_000_000_000,
            _ => 1,
        };
        return factor == 1 ? [TextTerms.Invariant(value)] : [TextTerms.Invariant(value), TextTerms.Invariant(value * factor)];
    }

    private static int MonthNumber(string name)
    {
        string key = name.Length >= 3 ? name[..3].ToLowerInvariant() : name.ToLowerInvariant();
        int index = Array.IndexOf(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], key);
        return index + 1;
    }
}
