using Lucene.Net.Index;
using Lucene.Net.Search;
using Zhiku.Core.Indexing.Analysis;

namespace Zhiku.Core.Indexing;

/// <summary>
/// Builds a Lucene query from raw user text without any query parser: the text is analysed like the index,
/// and each distinct term becomes a weighted SHOULD clause in each field. Query syntax characters, quotes,
/// emoji and very long texts are therefore just text.
/// </summary>
public sealed class KeywordQueryBuilder
{
    /// <summary>Most distinct terms taken per field (longer queries keep the first ones).</summary>
    public const int MaxTermsPerField = 256;

    private readonly TermAnalyzer analyzer;

    public KeywordQueryBuilder(TermAnalyzer analyzer)
    {
        this.analyzer = analyzer;
    }

    /// <summary>Relative weight of each field in the keyword score.</summary>
    public static IReadOnlyDictionary<string, float> FieldBoosts { get; } = new Dictionary<string, float>
    {
        [IndexField.Words] = 1.0f,
        [IndexField.Bigrams] = 1.0f,
        [IndexField.Title] = 0.3f,
    };

    /// <summary>The query for a text, or null when the text has no searchable term.</summary>
    public Query? Build(string text)
    {
        var root = new BooleanQuery();
        foreach ((string field, float boost) in FieldBoosts)
        {
            string analysisField = field == IndexField.Title ? IndexField.Bigrams : field;
            Dictionary<string, float> terms = WeightedTerms(text, analysisField);
            if (terms.Count == 0)
            {
                continue;
            }

            var fieldQuery = new BooleanQuery(disableCoord: true);
            foreach ((string term, float weight) in terms)
            {
                fieldQuery.Add(new TermQuery(new Term(field, term)) { Boost = weight }, Occur.SHOULD);
            }

            fieldQuery.Boost = boost;
            root.Add(fieldQuery, Occur.SHOULD);
        }

        if (root.Clauses.Count == 0)
        {
            return null;
        }

        foreach ((string field, float boost, int slop) in ProximityFields)
        {
            if (boost > 0 && Proximity(text, field, slop) is { } proximity)
            {
                proximity.Boost = boost;
                root.Add(proximity, Occur.SHOULD);
            }
        }

        return root;
    }

    /// <summary>Proximity boosts: (field, boost, slop). TEMPORARY knobs read from the environment while measuring.</summary>
    public static IReadOnlyList<(string Field, float Boost, int Slop)> ProximityFields { get; } =
    [
        (IndexField.Words, Knob("ZHIKU_PROX_W", 0), (int)Knob("ZHIKU_PROX_W_SLOP", 2)),
        (IndexField.Bigrams, Knob("ZHIKU_PROX_BG", 0), (int)Knob("ZHIKU_PROX_BG_SLOP", 0)),
    ];

    private static float Knob(string name, float fallback) =>
        float.TryParse(Environment.GetEnvironmentVariable(name), System.Globalization.CultureInfo.InvariantCulture, out float v) ? v : fallback;

    /// <summary>
    /// Adjacent pairs of the query's content terms as sloppy phrases: a chunk where the query's words stand together
    /// (a name, a term of several words, a Chinese phrase longer than a bigram) ranks above one where they are scattered.
    /// </summary>
    private BooleanQuery? Proximity(string text, string field, int slop)
    {
        var content = analyzer.Analyze(text, field).Where(t => t.Weight >= 1f).ToList();
        if (field == IndexField.Words && Knob("ZHIKU_PROX_W_LATIN", 0) > 0)
        {
            content = content.Where(t => !t.Term.Any(Analysis.TextNormalizer.IsCjk)).ToList();
        }

        var query = new BooleanQuery(disableCoord: true);
        var seen = new HashSet<(string, string)>();
        for (int i = 0; i + 1 < content.Count && query.Clauses.Count < MaxProximityPairs; i++)
        {
            AnalyzedToken a = content[i];
            AnalyzedToken b = content[i + 1];
            if (b.Position <= a.Position || a.Term == b.Term || !seen.Add((a.Term, b.Term)))
            {
                continue;
            }

            var phrase = new PhraseQuery { Slop = slop };
            phrase.Add(new Term(field, a.Term), 0);
            phrase.Add(new Term(field, b.Term), 1);
            query.Add(phrase, Occur.SHOULD);
        }

        return query.Clauses.Count == 0 ? null : query;
    }

    /// <summary>Most adjacent pairs a query contributes to the proximity boost.</summary>
    public const int MaxProximityPairs = 32;

    /// <summary>Distinct terms of a text for one field with their summed query weights.</summary>
    public Dictionary<string, float> WeightedTerms(string text, string field)
    {
        var terms = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (AnalyzedToken token in analyzer.Analyze(text, field))
        {
            if (terms.TryGetValue(token.Term, out float weight))
            {
                terms[token.Term] = weight + token.Weight;
            }
            else if (terms.Count < MaxTermsPerField)
            {
                terms[token.Term] = token.Weight;
            }
        }

        return terms;
    }
}
