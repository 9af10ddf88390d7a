using System.Text.RegularExpressions;
using PhoneNumbers;

namespace Zhiku.Core.Privacy;

/// <summary>CN_LANDLINE: numbers with an area code (010-12345678, (0755)8888 6666, +86 21 5555 1234) and
/// 400/800 service numbers. libphonenumber confirms the area code and subscriber length.</summary>
internal sealed partial class ChineseLandlineRecognizer : IPiiRecognizer
{
    private static readonly string[] Cues = ["电话", "座机", "传真", "热线", "总机", "分机", "联系", "tel", "phone", "fax", "hotline", "call"];
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    [GeneratedRegex(@"(?<![0-9+])(?:(?:\+|00)86[ -]?(?:\(0\)[ -]?)?(?<area>[1-9][0-9]{1,2})|\((?<area>0[1-9][0-9]{1,2})\)|(?<area>0[1-9][0-9]{1,2}))[ -]?(?<sub>[2-9][0-9]{2,3}[ -]?[0-9]{4})(?![0-9])")]
    private static partial Regex Landline();

    [GeneratedRegex(@"(?<![0-9])[48]00(?:[0-9]{7}|[ -][0-9]{3}[ -][0-9]{4}|[ -][0-9]{4}[ -][0-9]{3}|-[0-9]{7})(?![0-9])")]
    private static partial Regex ServiceNumber();

    public void Recognize(NormalizedText text, ICollection<PiiEntity> results)
    {
        string s = text.Text;
        foreach (Match m in Landline().Matches(s))
        {
            int end = m.Index + m.Length;
            if (!Boundaries.NumberStartOk(s, m.Index) || !Boundaries.NumberEndOk(s, end))
            {
                continue;
            }

            string area = m.Groups["area"].Value.TrimStart('0');
            string subscriber = Boundaries.Compact(m.Groups["sub"].ValueSpan);
            if (!IsPlausibleArea(area) || area.Length + subscriber.Length is < 9 or > 11)
            {
                continue;
            }

            bool cue = Boundaries.CueBefore(s, m.Index, 12, Cues);
            double score = IsValidFixedLine(area + subscriber) ? (cue ? 0.97 : 0.9) : (cue ? 0.8 : 0.6);
            results.Add(new PiiEntity(PiiTypes.ChineseLandline, m.Index, end, score));
        }

        foreach (ValueMatch m in ServiceNumber().EnumerateMatches(s))
        {
            int end = m.Index + m.Length;
            if (Boundaries.NumberStartOk(s, m.Index) && Boundaries.NumberEndOk(s, end))
            {
                bool cue = Boundaries.CueBefore(s, m.Index, 12, Cues);
                results.Add(new PiiEntity(PiiTypes.ChineseLandline, m.Index, end, cue ? 0.95 : 0.85));
            }
        }
    }

    // Area codes are 10, 2X or a three-digit code starting 3-9 (after the trunk prefix 0).
    private static bool IsPlausibleArea(string area) =>
        area == "10" || (area.Length == 2 && area[0] == '2') || (area.Length == 3 && area[0] is >= '3' and <= '9');

    private static bool IsValidFixedLine(string national)
    {
        try
        {
            PhoneNumber number = Phones.Parse("+86" + national, "CN");
            if (!Phones.IsValidNumber(number))
            {
                return false;
            }

            PhoneNumberType type = Phones.GetNumberType(number);
            return type is PhoneNumberType.FIXED_LINE or PhoneNumberType.FIXED_LINE_OR_MOBILE;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }
}
