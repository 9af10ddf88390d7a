using System.Globalization;
using System.Text.RegularExpressions;

namespace Zhiku.Core.Privacy;

/// <summary>
/// Restores placeholders in a model's answer, locally, only where the user may see the original. Models
/// sometimes rewrite brackets or add spaces ("【姓名_1】", "[姓名 _1]"); those forms are recognised too.
/// </summary>
public static partial class Reidentifier
{
    [GeneratedRegex(@"[\[【［]\s*(?<label>[^\[\]【】［］\s_＿]{1,16})\s*[_＿]\s*(?<n>[0-9]{1,5})\s*[\]】］]")]
    private static partial Regex Placeholder();

    /// <summary>Restores the placeholders of <paramref name="session"/> in <paramref name="answer"/>.</summary>
    /// <param name="answer">The model's answer.</param>
    /// <param name="session">The conversation's mapping.</param>
    /// <param name="mayReveal">Whether the user may see an entry's original value; null allows all.</param>
    /// <param name="maskWithheld">Show withheld values masked (张*, 138****5678) instead of as placeholders.</param>
    public static ReidentificationResult Restore(string answer, PseudonymSession session, Func<PseudonymEntry, bool>? mayReveal = null, bool maskWithheld = true)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(session);
        int restored = 0, withheld = 0, unknown = 0;
        string text = Placeholder().Replace(answer, m =>
        {
            string key = string.Create(CultureInfo.InvariantCulture, $"[{m.Groups["label"].Value}_{int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture)}]");
            if (!session.TryResolve(key, out PseudonymEntry entry))
            {
                unknown++;
                return m.Value;
            }

            if (mayReveal is null || mayReveal(entry))
            {
                restored++;
                return entry.Value;
            }

            withheld++;
            return maskWithheld ? PiiMasker.Mask(entry.Type, entry.Value) : entry.Placeholder;
        });

        return new ReidentificationResult(text, restored, withheld, unknown);
    }
}
