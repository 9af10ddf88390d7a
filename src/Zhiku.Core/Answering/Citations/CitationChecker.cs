using System.Numerics.Tensors;
using System.Text;
using Microsoft.Extensions.AI;

namespace Zhiku.Core.Answering.Citations;

/// <summary>
/// Checks a generated answer against the numbered sources it was given: drops markers that point to no source,
/// scores each sentence's support by its cited sources, marks unsupported sentences, computes the grounded share,
/// and flags numbers, dates, amounts, names and codes that no cited source contains.
/// </summary>
public sealed class CitationChecker
{
    private readonly double _threshold;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embeddings;

    /// <param name="supportThreshold">Score at or above which a cited sentence is supported.</param>
    /// <param name="embeddingGenerator">Optional; adds cosine similarity to the lexical score. Its failures fall back to lexical scoring.</param>
    public CitationChecker(double supportThreshold = SupportScorer.DefaultThreshold, IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator = null)
    {
        _threshold = supportThreshold;
        _embeddings = embeddingGenerator;
    }

    /// <summary>Checks <paramref name="answer"/>; never throws for any answer text.</summary>
    public async Task<CitationCheckResult> CheckAsync(string answer, IReadOnlyList<SourcePassage> sources, CancellationToken cancellationToken = default)
    {
        var byNumber = new Dictionary<int, SourceProfile>();
        foreach (SourcePassage source in sources)
        {
            byNumber.TryAdd(source.N, new SourceProfile(source));
        }

        var dropped = new SortedSet<int>();
        string text = DropInvalidMarkers(answer, byNumber, dropped);
        var pieces = CitationMarkers.SplitSentences(text)
            .Select(s => (Text: CitationMarkers.Strip(s.Text), Citations: CitationMarkers.Find(s.Text).SelectMany(m => m.Numbers).Distinct().ToList()))
            .Where(p => p.Text.Length > 0 || p.Citations.Count > 0)
            .ToList();

        // Markers alone on a line cite the sentence before them.
        for (int i = pieces.Count - 1; i > 0; i--)
        {
            if (pieces[i].Text.Length == 0)
            {
                pieces[i - 1] = (pieces[i - 1].Text, pieces[i - 1].Citations.Union(pieces[i].Citations).ToList());
                pieces.RemoveAt(i);
            }
        }

        pieces.RemoveAll(p => p.Text.Length == 0);
        IReadOnlyList<double?> cosines = await CosinesAsync(pieces.Select(p => (p.Text, (IReadOnlyList<int>)p.Citations)).ToList(), byNumber, cancellationToken).ConfigureAwait(false);

        var sentences = new List<CheckedSentence>();
        var flagged = new List<FlaggedFact>();
        for (int i = 0; i < pieces.Count; i++)
        {
            (string sentence, List<int> citations) = pieces[i];
            List<SourceProfile> cited = citations.Select(n => byNumber[n]).ToList();
            double score = 0;
            if (cited.Count > 0)
            {
                var terms = new HashSet<string>(cited.SelectMany(c => c.Terms), StringComparer.Ordinal);
                var numbers = new HashSet<string>(cited.SelectMany(c => c.Numbers), StringComparer.Ordinal);
                score = Math.Round(SupportScorer.Combine(SupportScorer.Lexical(sentence, terms, numbers), cosines[i]), 4);
            }

            sentences.Add(new CheckedSentence(sentence, citations, cited.Count > 0 && score >= _threshold, score));

            // An uncited sentence is already unsupported; its facts are checked against all sources so a flag still means "invented".
            IReadOnlyCollection<SourceProfile> against = cited.Count > 0 ? cited : byNumber.Values;
            foreach (FactMention mention in FactExtractor.Extract(sentence))
            {
                if (!against.Any(source => source.Contains(mention)))
                {
                    flagged.Add(new FlaggedFact(mention.Text, mention.Kind, i, mention.Start));
                }
            }
        }

        int total = sentences.Sum(s => s.Text.Length);
        double grounded = total == 0 ? 0 : Math.Round((double)sentences.Where(s => s.Supported).Sum(s => s.Text.Length) / total, 4);
        return new CitationCheckResult(text, sentences, grounded, flagged, [.. dropped]);
    }

    private static string DropInvalidMarkers(string answer, Dictionary<int, SourceProfile> sources, SortedSet<int> dropped)
    {
        var builder = new StringBuilder(answer.Length);
        int position = 0;
        foreach (CitationMarkers.Found marker in CitationMarkers.Find(answer))
        {
            builder.Append(answer, position, marker.Start - position);
            var valid = marker.Numbers.Where(sources.ContainsKey).ToList();
            dropped.UnionWith(marker.Numbers.Where(n => !sources.ContainsKey(n)));
            if (valid.Count == marker.Numbers.Count && valid.Count > 0)
            {
                builder.Append(answer, marker.Start, marker.Length);
            }
            else
            {
                foreach (int n in valid)
                {
                    builder.Append('[').Append(n).Append(']');
                }

                // Keep nothing of a marker whose every number is invalid, including the space before it.
                if (valid.Count == 0)
                {
                    while (builder.Length > 0 && builder[^1] == ' ')
                    {
                        builder.Length--;
                    }
                }
            }

            position = marker.Start + marker.Length;
        }

        builder.Append(answer, position, answer.Length - position);
        return builder.ToString();
    }

    private async Task<IReadOnlyList<double?>> CosinesAsync(
        IReadOnlyList<(string Text, IReadOnlyList<int> Citations)> pieces, Dictionary<int, SourceProfile> sources, CancellationToken cancellationToken)
    {
        var none = pieces.Select(_ => (double?)null).ToList();
        if (_embeddings is null || pieces.Count == 0)
        {
            return none;
        }

        List<int> citedNumbers = pieces.SelectMany(p => p.Citations).Distinct().ToList();
        if (citedNumbers.Count == 0)
        {
            return none;
        }

        try
        {
            var inputs = pieces.Select(p => p.Text).Concat(citedNumbers.Select(n => sources[n].Passage.Text)).ToList();
            GeneratedEmbeddings<Embedding<float>> vectors = await _embeddings.GenerateAsync(inputs, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (vectors.Count != inputs.Count)
            {
                return none;
            }

            var sourceVectors = citedNumbers.Select((n, i) => (n, Vector: vectors[pieces.Count + i].Vector)).ToDictionary(x => x.n, x => x.Vector);
            return pieces.Select((p, i) => p.Citations.Count == 0
                    ? (double?)null
                    : p.Citations.Max(n => (double)TensorPrimitives.CosineSimilarity(vectors[i].Vector.Span, sourceVectors[n].Span)))
                .ToList();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Embeddings refine the score; losing them must not lose the answer.
            return none;
        }
    }

    private sealed class SourceProfile
    {
        private readonly string _normalized;

        public SourceProfile(SourcePassage passage)
        {
            Passage = passage;
            string all = $"{passage.Title}\n{passage.Heading}\n{passage.Text}";
            Terms = TextTerms.Terms(all);
            Numbers = FactExtractor.SourceNumbers(all);
            _normalized = System.Text.RegularExpressions.Regex.Replace(TextTerms.Normalize(all), "\\s+", " ");
        }

        public SourcePassage Passage { get; }

        public HashSet<string> Terms { get; }

        public HashSet<string> Numbers { get; }

        public bool Contains(FactMention mention) => mention.Kind switch
        {
            FactKind.Name or FactKind.Code => mention.Normalized is { } n
                && _normalized.Contains(System.Text.RegularExpressions.Regex.Replace(n, "\\s+", " "), StringComparison.Ordinal),
            _ => SupportScorer.NumberPresent(mention, Numbers),
        };
    }
}
