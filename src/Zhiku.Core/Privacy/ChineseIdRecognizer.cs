using System.Text.RegularExpressions;

namespace Zhiku.Core.Privacy;

/// <summary>CN_ID: 18-digit numbers (optionally grouped 6-8-4) and 15-digit old numbers, validated.</summary>
internal sealed partial class ChineseIdRecognizer(PiiDetectorOptions options) : IPiiRecognizer
{
    private static readonly string[] Cues = ["身份证", "证件号", "公民身份", "身份号", "ID No", "ID number", "ID card", "identity", "证号"];

    [GeneratedRegex(@"(?<![0-9])[1-8][0-9]{5}([ -]?)(?:18|19|20)[0-9]{6}\1[0-9]{3}[0-9Xx]")]
    private static partial Regex Id18();

    [GeneratedRegex(@"(?<![0-9])[1-8][0-9]{5}[0-9]{6}[0-9]{3}(?![0-9])")]
    private static partial Regex Id15();

    public void Recognize(NormalizedText text, ICollection<PiiEntity> results)
    {
        string s = text.Text;
        DateOnly today = options.Today;
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
}
