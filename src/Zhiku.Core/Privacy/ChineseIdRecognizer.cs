using System.Text.RegularExpressions;

namespace Zhiku.Core.Privacy;

/// <summary>CN_ID: 18-digit numbers (optionally grouped 6-8-4, or written digit by digit with spaces, or in Chinese
/// numerals: 一一〇一〇五…) and 15-digit old numbers, validated.</summary>
internal sealed partial class ChineseIdRecognizer(PiiDetectorOptions options) : IPiiRecognizer
{
    private static readonly string[] Cues = ["身份证", "证件号", "公民身份", "身份号", "ID No", "ID number", "ID card", "identity", "证号"];

    [GeneratedRegex(@"(?<![0-9])[1-8][0-9]{5}([ -]?)(?:18|19|20)[0-9]{6}\1[0-9]{3}[0-9Xx]")]
    private static partial Regex Id18();

    [GeneratedRegex(@"(?<![0-9])[1-8][0-9]{5}[0-9]{6}[0-9]{3}(?![0-9])")]
    private static partial Regex Id15();

    // Eighteen digits with a space, hyphen or dot between any of them, ASCII or Chinese numerals (〇/零 for 0).
    [GeneratedRegex(@"(?<![0-9〇零一二三四五六七八九])[0-9〇零一二三四五六七八九](?:[ 　.-]?[0-9〇零一二三四五六七八九]){16}[ 　.-]?[0-9Xx〇零一二三四五六七八九](?![0-9〇零一二三四五六七八九])")]
    private static partial Regex SpelledId18();

    private const string ChineseDigits = "〇一二三四五六七八九";

    public void Recognize(NormalizedText text, ICollection<PiiEntity> results)
    {
        string s = text.Text;
        DateOnly today = options.Today;
        foreach (ValueMatch m in SpelledId18().EnumerateMatches(s))
        {
            int end = m.Index + m.Length;
            string id = Spelled(s.AsSpan(m.Index, m.Length));
            if (Boundaries.NumberStartOk(s, m.Index) && Boundaries.NumberEndOk(s, end) && ChineseIdValidator.IsValid18(id, today))
            {
                bool cue = Boundaries.CueBefore(s, m.Index, 16, Cues);
                results.Add(new PiiEntity(PiiTypes.ChineseId, m.Index, end, cue ? 0.99 : 0.93));
            }
        }

        foreach (ValueMatch m in Id18().EnumerateMatches(s))
        {
            int end = m.Index + m.Length;
            if (!Boundaries.NumberStartOk(s, m.Index) || !Boundaries.NumberEndOk(s, end))
            {
                continue;
            }

            string id = Boundaries.Compact(s.AsSpan(m.Index, m.Length));
            if (ChineseIdValidator.IsValid18(id, today))
            {
                bool cue = Boundaries.CueBefore(s, m.Index, 16, Cues);
                results.Add(new PiiEntity(PiiTypes.ChineseId, m.Index, end, cue ? 0.99 : 0.95));
            }
        }

        foreach (ValueMatch m in Id15().EnumerateMatches(s))
        {
            int end = m.Index + m.Length;
            if (!Boundaries.NumberStartOk(s, m.Index) || !Boundaries.NumberEndOk(s, end))
            {
                continue;
            }

            if (ChineseIdValidator.IsValid15(s.AsSpan(m.Index, m.Length), today))
            {
                bool cue = Boundaries.CueBefore(s, m.Index, 16, Cues);
                results.Add(new PiiEntity(PiiTypes.ChineseId, m.Index, end, cue ? 0.9 : 0.6));
            }
        }
    }

    /// <summary>The ASCII digits of an ID written with separators or Chinese numerals.</summary>
    internal static string Spelled(ReadOnlySpan<char> value)
    {
        var digits = new System.Text.StringBuilder(18);
        foreach (char c in value)
        {
            int chinese = c == '零' ? 0 : ChineseDigits.IndexOf(c, StringComparison.Ordinal);
            if (chinese >= 0)
            {
                digits.Append((char)('0' + chinese));
            }
            else if (Boundaries.IsDigit(c) || c is 'X' or 'x')
            {
                digits.Append(char.ToUpperInvariant(c));
            }
        }

        return digits.ToString();
    }
}
