using System.Text.RegularExpressions;

namespace Zhiku.Core.Privacy;

/// <summary>EMAIL: local@domain.tld (also written "a @ b.com" to dodge filters), ASCII, bounded by anything that cannot be part of an address (Han characters included).</summary>
internal sealed partial class EmailRecognizer : IPiiRecognizer
{
    [GeneratedRegex(@"(?<![A-Za-z0-9._%+-])[A-Za-z0-9_][A-Za-z0-9._%+-]{0,63}(?<gap>[ \t]?)@\k<gap>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])")]
    private static partial Regex Email();

    public void Recognize(NormalizedText text, ICollection<PiiEntity> results)
    {
        if (!text.Text.Contains('@', StringComparison.Ordinal))
        {
            return;
        }

        foreach (ValueMatch m in Email().EnumerateMatches(text.Text))
        {
            int end = m.Index + m.Length;
            // A sentence-final dot is not part of the address.
            while (end > m.Index && text.Text[end - 1] == '.')
            {
                end--;
            }

            results.Add(new PiiEntity(PiiTypes.Email, m.Index, end, 0.97));
        }
    }
}
