using System.Text.RegularExpressions;
using Zhiku.Core.Access;

namespace Zhiku.Core.Privacy;

/// <summary>Applies <see cref="PrivacyRule"/>s to a document at ingest: the strictest matching rule's policy, or null.</summary>
public sealed class PolicyRules
{
    private readonly List<(PrivacyRule Rule, Regex? Glob)> _rules;
    private readonly SensitiveCategoryClassifier _classifier = new();

    public PolicyRules(IEnumerable<PrivacyRule> rules, string knowledgeBase)
    {
        this._rules = rules
            .Where(r => r.KnowledgeBase is null || r.KnowledgeBase == knowledgeBase)
            .Select(r => (r, r.PathGlob is null ? null : GlobToRegex(r.PathGlob)))
            .ToList();
    }

    /// <summary>True when there are no rules for this knowledge base.</summary>
    public bool IsEmpty => _rules.Count == 0;

    /// <summary>The policy the rules give a document, or null when none matches.</summary>
    public string? PolicyFor(string? path, string text)
    {
        if (_rules.Count == 0)
        {
            return null;
        }

        string normalizedPath = path?.Replace('\\', '/') ?? "";
        IReadOnlySet<SensitiveCategory>? categories = null;
        string? strictest = null;
        foreach ((PrivacyRule rule, Regex? glob) in _rules)
        {
            bool matches = (glob is not null && glob.IsMatch(normalizedPath))
                || rule.Keywords.Any(k => text.Contains(k, StringComparison.OrdinalIgnoreCase));
            if (!matches && rule.Categories.Count > 0)
            {
                categories ??= _classifier.Classify(text);
                matches = rule.Categories.Any(categories.Contains);
            }

            if (matches)
            {
                strictest = DataPolicy.Stricter(strictest, rule.Policy);
            }
        }

        return strictest;
    }

    /// <summary>A glob over '/'-separated paths: ** any folders, * any characters but '/', ? one character.
    /// A glob without a leading '/' or '**' matches at any depth.</summary>
    internal static Regex GlobToRegex(string glob)
    {
        string g = glob.Replace('\\', '/');
        var pattern = new System.Text.StringBuilder(g.StartsWith('/') ? "^" : "(^|/)");
        for (int i = 0; i < g.Length; i++)
        {
            if (g[i] == '*' && i + 1 < g.Length && g[i + 1] == '*')
            {
                pattern.Append(".*");
                i++;
                if (i + 1 < g.Length && g[i + 1] == '/')
                {
                    i++;
                    pattern.Append("/?");
                }
            }
            else if (g[i] == '*')
            {
                pattern.Append("[^/]*");
            }
            else if (g[i] == '?')
            {
                pattern.Append("[^/]");
            }
            else
            {
                pattern.Append(Regex.Escape(g[i].ToString()));
            }
        }

        pattern.Append('$');
        return new Regex(pattern.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }
}
