using Lucene.Net.Index;
using Lucene.Net.Search;
using Zhiku.Core.Indexing.Analysis;
using Zhiku.Core.Text;

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

    private readonly TermAnalyzer _analyzer;

    public KeywordQueryBuilder(TermAnalyzer analyzer)
    {
        this._analyzer = analyzer;
    }

    /// <summary>Relative weight of each field in the keyword score.</summary>
    public static IReadOnlyDictionary<string, float> FieldBoosts { get; } = new Dictionary<string, float>
    {
        [IndexField.Words] = 1.0f,
        [IndexField.Bigrams] = 1.0f,
        [IndexField.Title] = 0.3f,
    };

    /// <summary>The query for a text, or null when the text has no searchable term.</summary>
    /// <param name="text">Any user text.</param>
    /// <param name="documentShare">The share of the index's chunks that contain a term; when given, question words
    /// found in more than <see cref="CommonShare"/> of them are left out of a query that has content terms.</param>
    public Query? Build(string text, Func<Term, double>? documentShare = null)
    {
        var root = new BooleanQuery();
        foreach ((string field, float boost) in FieldBoosts)
        {
            string analysisField = field == IndexField.Title ? IndexField.Bigrams : field;
            Dictionary<string, float> terms = WeightedTerms(text, analysisField);
            if (documentShare is not null)
            {
                DropCommonFunctionWords(terms, term => documentShare(new Term(field, term)));
            }

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

        if (Proximity(text) is { } proximity)
        {
            proximity.Boost = ProximityBoost;
            root.Add(proximity, Occur.SHOULD);
        }

        return root;
    }

    /// <summary>Weight of the proximity clause relative to a field (measured: docs/benchmarks.md, "Keyword side").</summary>
    public const float ProximityBoost = 0.3f;

    /// <summary>How far apart (in words) two adjacent query words may stand and still count as together.</summary>
    public const int ProximitySlop = 2;

    /// <summary>
    /// Adjacent pairs of the query's Latin-script content words as sloppy phrases in the words field, so a chunk where
    /// "spike protein" stands together ranks above one with "spike" and "protein" far apart. Chinese is left out: jieba's
    /// search mode emits overlapping sub-words with their own positions, so word adjacency there means little, and
    /// adjacency on the bigram field only repeats what bigrams already capture (both measured to lose on the Chinese sets).
    /// </summary>
    private BooleanQuery? Proximity(string text)
    {
        var content = _analyzer.Analyze(text, IndexField.Words)
            .Where(t => t.Weight >= 1f && !t.Term.Any(CjkText.IsCjk)).ToList();
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

            var phrase = new PhraseQuery { Slop = ProximitySlop };
            phrase.Add(new Term(IndexField.Words, a.Term), 0);
            phrase.Add(new Term(IndexField.Words, b.Term), 1);
            query.Add(phrase, Occur.SHOULD);
        }

        return query.Clauses.Count == 0 ? null : query;
    }

    /// <summary>
    /// Drops question words and particles (what, the, of, 什么, 的…) that occur in more than <see cref="CommonShare"/>
    /// of the chunks, when the field has at least one content term. At a weight of 0.1 and with such a low IDF they
    /// hardly move a score, but their posting lists are the longest in the index: in a million chunks, scoring "the",
    /// "of" and "what" was most of an English query's time. Rarer ones stay (there they still say something), and a
    /// query made only of such words keeps them all, so it still finds something. When the content terms match fewer
    /// chunks than asked for, <c>FullTextIndex.Search</c> runs the full query, so those words fill the rest.
    /// </summary>
    private static void DropCommonFunctionWords(Dictionary<string, float> terms, Func<string, double> documentShare)
    {
        if (!terms.Values.Any(w => w >= ContentWeight))
        {
            return;
        }

        foreach (string term in terms.Where(t => t.Value < ContentWeight).Select(t => t.Key).ToList())
        {
            if (documentShare(term) > CommonShare)
            {
                terms.Remove(term);
            }
        }
    }

    /// <summary>Share of the chunks above which a question word is left out of a query with content terms.</summary>
    public const double CommonShare = 0.05;

    /// <summary>Summed query weight from which a term counts as content (a question word weighs 0.1, a code part 0.5).</summary>
    private const float ContentWeight = 0.5f;

    /// <summary>Most adjacent pairs a query contributes to the proximity boost.</summary>
    public const int MaxProximityPairs = 32;

    /// <summary>Distinct terms of a text for one field with their summed query weights.</summary>
    public Dictionary<string, float> WeightedTerms(string text, string field)
    {
        var terms = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (AnalyzedToken token in _analyzer.Analyze(text, field))
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
