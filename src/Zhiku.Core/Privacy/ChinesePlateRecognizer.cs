using System.Text.RegularExpressions;

namespace Zhiku.Core.Privacy;

/// <summary>CN_PLATE: a province abbreviation, an authority letter, then five characters (ordinary plates) or
/// six (new-energy plates, D/F in first or last place), with an optional ·/space and suffix such as 挂/学/警.</summary>
internal sealed partial class ChinesePlateRecognizer : IPiiRecognizer
{
    private static readonly string[] Cues = ["车牌", "牌照", "车辆", "号牌", "车号", "plate", "vehicle", "license"];

    [GeneratedRegex(@"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领][A-HJ-NP-Z][ ·•.-]?(?:[DF][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DF]|[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳领试超])(?![0-9A-Za-z])")]
    private static partial Regex Plate();

    public void Recognize(NormalizedText text, ICollection<PiiEntity> results)
    {
        string s = text.Text;
        foreach (ValueMatch m in Plate().EnumerateMatches(s))
        {
            ReadOnlySpan<char> value = s.AsSpan(m.Index, m.Length);
            int digits = 0;
            foreach (char c in value)
            {
                digits += Boundaries.IsDigit(c) ? 1 : 0;
            }

            // Ordinary plates carry at most two letters in the serial: "京ABCDE" is a word, not a plate.
            if (digits < 3)
            {
                continue;
            }

            bool cue = Boundaries.CueBefore(s, m.Index, 12, Cues);
            results.Add(new PiiEntity(PiiTypes.ChinesePlate, m.Index, m.Index + m.Length, cue ? 0.97 : 0.88));
        }
    }
}
