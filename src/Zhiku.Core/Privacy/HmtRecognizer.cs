using System.Text.RegularExpressions;

namespace Zhiku.Core.Privacy;

/// <summary>
/// CN_HMT_PERMIT (回乡证 H/M…, 往来港澳通行证 C…, 往来台湾通行证 L/T…, 台胞证 8 or 10 digits) and
/// CN_HMT_ID (Hong Kong HKID with its check character, Macau BIR numbers, Taiwan IDs with their check digit).
/// Formats shared with other codes need a context word.
/// </summary>
internal sealed partial class HmtRecognizer : IPiiRecognizer
{
    private static readonly string[] PermitCues =
    [
        "通行证", "回乡证", "台胞证", "往来港澳", "往来台湾", "来往内地", "来往大陆", "港澳居民", "台湾居民", "旅行证",
        "home return", "travel permit", "exit-entry", "permit",
    ];

    private static readonly string[] HongKongCues = ["香港身份证", "香港居民身份证", "HKID", "Hong Kong ID", "Hong Kong Identity", "身份证"];
    private static readonly string[] MacauCues = ["澳门身份证", "澳门居民身份证", "澳門", "澳门", "Macau ID", "Macao", "Macau"];
    private static readonly string[] TaiwanCues = ["台湾身份证", "國民身分證", "身分證", "台湾居民", "Taiwan ID", "身份证", "National ID"];

    [GeneratedRegex(@"(?<![0-9A-Za-z])(?:[HM][0-9]{8}(?:[0-9]{2})?|C[0-9A-HJ-NP-Z][0-9]{7}|[LT][0-9]{8}|[0-9]{8}|[0-9]{10}(?:\([A-Z]\)|[A-Z]))(?![0-9A-Za-z])")]
    private static partial Regex Permit();

    [GeneratedRegex(@"(?<![0-9A-Za-z])([A-Z]{1,2})([0-9]{6})(?:\(([0-9A])\)|([0-9A]))(?![0-9A-Za-z])")]
    private static partial Regex HongKongId();

    [GeneratedRegex(@"(?<![0-9A-Za-z])[1578][0-9]{6}\([0-9]\)")]
    private static partial Regex MacauId();

    [GeneratedRegex(@"(?<![0-9A-Za-z])[A-Z][12][0-9]{8}(?![0-9A-Za-z])")]
    private static partial Regex TaiwanId();

    public void Recognize(NormalizedText text, ICollection<PiiEntity> results)
    {
        string s = text.Text;
        foreach (ValueMatch m in Permit().EnumerateMatches(s))
        {
            char first = s[m.Index];
            bool cue = Boundaries.CueBefore(s, m.Index, 20, PermitCues);
            if (cue)
            {
                // A bare eight-digit number is only a 台胞证 number right after its name.
                if (Boundaries.IsDigit(first) && m.Length == 8 && !Boundaries.CueBefore(s, m.Index, 12, ["台胞证", "台湾居民来往大陆", "MTP"]))
                {
                    continue;
                }

                results.Add(new PiiEntity(PiiTypes.HmtPermit, m.Index, m.Index + m.Length, 0.95));
            }
            else if (first is 'H' or 'M' && m.Length == 9)
            {
                results.Add(new PiiEntity(PiiTypes.HmtPermit, m.Index, m.Index + m.Length, 0.6));
            }
        }

        foreach (Match m in HongKongId().Matches(s))
        {
            string check = m.Groups[3].Success ? m.Groups[3].Value : m.Groups[4].Value;
            if (!HmtIdValidator.IsValidHongKong(m.Groups[1].Value + m.Groups[2].Value + check))
            {
                continue;
            }

            bool cue = Boundaries.CueBefore(s, m.Index, 20, HongKongCues);
            double score = cue ? 0.97 : m.Groups[3].Success ? 0.85 : 0.55;
            results.Add(new PiiEntity(PiiTypes.HmtId, m.Index, m.Index + m.Length, score));
        }

        foreach (ValueMatch m in MacauId().EnumerateMatches(s))
        {
            if (Boundaries.CueBefore(s, m.Index, 20, MacauCues))
            {
                results.Add(new PiiEntity(PiiTypes.HmtId, m.Index, m.Index + m.Length, 0.9));
            }
        }

        foreach (ValueMatch m in TaiwanId().EnumerateMatches(s))
        {
            if (HmtIdValidator.IsValidTaiwan(s.AsSpan(m.Index, m.Length)))
            {
                bool cue = Boundaries.CueBefore(s, m.Index, 20, TaiwanCues);
                results.Add(new PiiEntity(PiiTypes.HmtId, m.Index, m.Index + m.Length, cue ? 0.97 : 0.85));
            }
        }
    }
}
