using System.Text.RegularExpressions;

namespace Zhiku.Core.Privacy;

/// <summary>CN_MOBILE: 11-digit mainland mobile numbers with optional +86 / 0086 / (+86) and 3-4-4 grouping by spaces, hyphens or dots (138.0013.8000).</summary>
internal sealed partial class ChineseMobileRecognizer : IPiiRecognizer
{
    private static readonly string[] Cues = ["手机", "电话", "联系", "致电", "拨打", "mobile", "phone", "tel", "cell", "whatsapp", "微信", "短信"];

    // Number segments allocated by MIIT to carriers (including virtual operators and IoT-free data segments).
    private static readonly HashSet<int> Segments =
    [
        130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 145, 146, 147, 148, 149,
        150, 151, 152, 153, 155, 156, 157, 158, 159, 162, 165, 166, 167, 170, 171, 172, 173, 175, 176, 177, 178,
        180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190, 191, 192, 193, 195, 196, 197, 198, 199,
    ];

    [GeneratedRegex(@"(?<![0-9+])(?:(?:\(\s*(?:\+|00)?86\s*\)|(?:\+|00)?86)[ -]?)?1[3-9][0-9](?:[0-9]{8}|([ .-])[0-9]{4}\1[0-9]{4}|[ -][0-9]{8}|[0-9]{4}[ -][0-9]{4})(?![0-9])")]
    private static partial Regex Mobile();

    public void Recognize(NormalizedText text, ICollection<PiiEntity> results)
    {
        string s = text.Text;
        foreach (ValueMatch m in Mobile().EnumerateMatches(s))
        {
            int end = m.Index + m.Length;
            if (!Boundaries.NumberStartOk(s, m.Index) || !Boundaries.NumberEndOk(s, end))
            {
                continue;
            }

            string digits = Boundaries.Compact(s.AsSpan(m.Index, m.Length)).TrimStart('+');
            string local = digits[^11..];
            int segment = ((local[0] - '0') * 100) + ((local[1] - '0') * 10) + (local[2] - '0');
            bool cue = Boundaries.CueBefore(s, m.Index, 12, Cues);
            double score = Segments.Contains(segment) ? (cue ? 0.98 : 0.92) : (cue ? 0.75 : 0.55);
            results.Add(new PiiEntity(PiiTypes.ChineseMobile, m.Index, end, score));
        }
    }
}
