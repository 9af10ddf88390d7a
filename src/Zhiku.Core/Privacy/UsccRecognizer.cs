using System.Text.RegularExpressions;

namespace Zhiku.Core.Privacy;

/// <summary>CN_USCC: 统一社会信用代码, 18 characters with the GB 32100 mod-31 check.</summary>
internal sealed partial class UsccRecognizer : IPiiRecognizer
{
    private static readonly string[] Cues = ["信用代码", "社会信用", "税号", "纳税人识别号", "注册号", "USCC", "credit code", "tax id"];

    [GeneratedRegex(@"(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])")]
    private static partial Regex Code();

    public void Recognize(NormalizedText text, ICollection<PiiEntity> results)
    {
        string s = text.Text;
        foreach (ValueMatch m in Code().EnumerateMatches(s))
        {
            ReadOnlySpan<char> code = s.AsSpan(m.Index, m.Length);
            if (!UsccValidator.IsValid(code))
            {
                continue;
            }

            bool cue = Boundaries.CueBefore(s, m.Index, 16, Cues);
            bool hasLetter = code.ContainsAnyInRange('A', 'Z');
            double score;
            if (cue)
            {
                score = 0.99;
            }
            else if (hasLetter)
            {
                score = 0.93;
            }
            else
            {
                // An all-digit 18-character string passes mod 31 by chance once in 31; the organisation code's
                // own check makes a chance pass rare enough to report.
                if (!UsccValidator.HasValidOrganizationCode(code))
                {
                    continue;
                }

                score = 0.7;
            }

            results.Add(new PiiEntity(PiiTypes.ChineseUscc, m.Index, m.Index + m.Length, score));
        }
    }
}
