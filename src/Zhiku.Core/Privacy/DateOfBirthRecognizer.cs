using System.Globalization;
using System.Text.RegularExpressions;

namespace Zhiku.Core.Privacy;

/// <summary>DATE_OF_BIRTH: a real, past date in a common Chinese or English format, in the same clause as a
/// birth cue (出生日期, 生日, DOB, born…) just before it, or followed by 出生/生.</summary>
internal sealed partial class DateOfBirthRecognizer(PiiDetectorOptions options) : IPiiRecognizer
{
    private static readonly string[] CuesBefore =
    [
        "出生日期", "出生年月", "出生于", "生于", "出生", "生日", "诞辰", "DOB", "D.O.B", "date of birth", "birth date",
        "birthdate", "birthday", "born on", "born",
    ];

    private static readonly string[] CuesAfter = ["出生", "生人", "生)", "生）"];

    [GeneratedRegex(@"(?<![0-9])(?<y>(?:19|20)[0-9]{2})\s*(?:年\s*(?<m>[01]?[0-9])\s*月(?:\s*(?<d>[0-3]?[0-9])\s*[日号])?|[-/.](?<m>0?[1-9]|1[0-2])(?:[-/.](?<d>0?[1-9]|[12][0-9]|3[01]))?|(?<m>0[1-9]|1[0-2])(?<d>0[1-9]|[12][0-9]|3[01]))(?![0-9])")]
    private static partial Regex YearFirst();

    [GeneratedRegex(@"(?<![0-9])(?<d>0?[1-9]|[12][0-9]|3[01])[-/.](?<m>0?[1-9]|1[0-2])[-/.](?<y>(?:19|20)[0-9]{2})(?![0-9])")]
    private static partial Regex YearLast();

    [GeneratedRegex(@"(?i)(?<![A-Za-z])(?:(?<mn>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?<d>[0-3]?[0-9])(?:st|nd|rd|th)?,?\s+|(?<d>[0-3]?[0-9])(?:st|nd|rd|th)?\s+(?<mn>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+)(?<y>(?:19|20)[0-9]{2})(?![0-9])")]
    private static partial Regex English();

    private static readonly System.Buffers.SearchValues<char> ClauseBreaks = System.Buffers.SearchValues.Create("，,;；。\n\r|");

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    public void Recognize(NormalizedText text, ICollection<PiiEntity> results)
    {
        string s = text.Text;
        if (!AnyCue(s))
        {
            return;
        }

        DateOnly today = options.Today;
        foreach (Match m in YearFirst().Matches(s))
        {
            Consider(s, m, int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture), today, results);
        }

        foreach (Match m in YearLast().Matches(s))
        {
            Consider(s, m, int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture), today, results);
        }

        foreach (Match m in English().Matches(s))
        {
            string name = m.Groups["mn"].Value.ToLowerInvariant();
            int month = Array.IndexOf(Months, name.Length > 3 ? name[..3] : name) + 1;
            Consider(s, m, month, today, results);
        }
    }

    private static bool AnyCue(string s)
    {
        foreach (string cue in CuesBefore)
        {
            if (s.Contains(cue, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return s.Contains('生', StringComparison.Ordinal);
    }

    private static void Consider(string s, Match m, int month, DateOnly today, ICollection<PiiEntity> results)
    {
        int year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        int day = m.Groups["d"].Success ? int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture) : 1;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || new DateOnly(year, month, day) > today)
        {
            return;
        }

        int end = m.Index + m.Length;
        if (HasCueInClause(s, m.Index) || Boundaries.CueAfter(s, end, 3, CuesAfter))
        {
            results.Add(new PiiEntity(PiiTypes.DateOfBirth, m.Index, end, 0.9));
        }
    }

    // The cue must sit in the same clause: "出生地：北京，入职日期：2020-01-01" has no birth date.
    private static bool HasCueInClause(string s, int start)
    {
        int from = Math.Max(0, start - 14);
        ReadOnlySpan<char> window = s.AsSpan(from, start - from);
        int clause = window.LastIndexOfAny(ClauseBreaks);
        if (clause >= 0)
        {
            window = window[(clause + 1)..];
        }

        foreach (string cue in CuesBefore)
        {
            int at = window.IndexOf(cue, StringComparison.OrdinalIgnoreCase);
            if (at >= 0 && !window[(at + cue.Length)..].Contains("地", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
