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

        return root.Clauses.Count == 0 ? null : root;
    }

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
