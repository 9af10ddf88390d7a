using System.Text.RegularExpressions;

namespace Zhiku.Core.Privacy;

/// <summary>PASSPORT: Chinese passport numbers (E12345678, EA1234567, G12345678; D/S/P with a cue) and,
/// next to 护照/passport, other countries' 6–9 character numbers.</summary>
internal sealed partial class PassportRecognizer : IPiiRecognizer
{
    private static readonly string[] Cues = ["护照", "passport", "travel document", "旅行证件"];

    [GeneratedRegex(@"(?<![0-9A-Za-z])(?:E[0-9]{8}|E[A-HJ-NP-Z][0-9]{7}|G[0-9]{8}|[DSP][0-9]{7,8}|P[EG][0-9]{7})(?![0-9A-Za-z])")]
    private static partial Regex Chinese();

    [GeneratedRegex(@"(?<![0-9A-Za-z])[A-Z0-9]{6,9}(?![0-9A-Za-z])")]
    private static partial Regex Generic();

    public void Recognize(NormalizedText text, ICollection<PiiEntity> results)
    {
        string s = text.Text;
        foreach (ValueMatch m in Chinese().EnumerateMatches(s))
        {
            bool cue = Boundaries.CueBefore(s, m.Index, 20, Cues);
            bool common = s[m.Index] is 'E' or 'G';
            if (cue || common)
            {
                results.Add(new PiiEntity(PiiTypes.Passport, m.Index, m.Index + m.Length, cue ? 0.97 : 0.65));
            }
        }

        if (!ContainsCue(s))
        {
            return;
        }

        foreach (ValueMatch m in Generic().EnumerateMatches(s))
        {
            ReadOnlySpan<char> value = s.AsSpan(m.Index, m.Length);
            if (CountDigits(value) >= 5 && Boundaries.CueBefore(s, m.Index, 20, Cues))
            {
                results.Add(new PiiEntity(PiiTypes.Passport, m.Index, m.Index + m.Length, 0.85));
            }
        }
    }

    private static bool ContainsCue(string s)
    {
        foreach (string cue in Cues)
        {
            if (s.Contains(cue, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static int CountDigits(ReadOnlySpan<char> value)
    {
        int n = 0;
        foreach (char c in value)
        {
            n += Boundaries.IsDigit(c) ? 1 : 0;
        }

        return n;
    }
}
