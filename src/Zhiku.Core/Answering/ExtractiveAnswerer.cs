using Zhiku.Core.Chunking;
using Zhiku.Core.Indexing;
using Zhiku.Core.Indexing.Analysis;

namespace Zhiku.Core.Answering;

/// <summary>
/// Answers with no model at all: scores the sentences of the top chunks against the question's key terms
/// (IDF-weighted coverage of words and character bigrams, question words counting little, plus the chunk's
/// retrieval rank) and quotes the best one to three sentences, each with its citation marker. When the best
/// sentence covers too little of the question, the answer is "not found" with the closest documents.
/// </summary>
public sealed class ExtractiveAnswerer
{
    /// <summary>Minimum key-term coverage of the best sentence for an answer to count as found; calibrated on
    /// answerable versus unanswerable questions (docs/benchmarks.md, "Found threshold").</summary>
    public const double DefaultFoundThreshold = 0.40;

    /// <summary>Minimum coverage of the question by one retrieved chunk for a model to be asked. Lower than the
    /// extractive threshold: a model reads whole chunks, is told to say when they do not answer, and its citations are
    /// checked; at 0.30, 90–99% of answerable questions pass and 8–28% of unanswerable ones (docs/benchmarks.md).</summary>
    public const double ModelGateThreshold = 0.30;

    private readonly TermAnalyzer analyzer;
    private readonly Func<string, string, double> idf;
    private readonly double foundThreshold;

    /// <param name="analyzer">The analyzer the index uses.</param>
    /// <param name="idf">Inverse document frequency of (field, term) in the knowledge base.</param>
    /// <param name="foundThreshold">Coverage below which the answer is "not found".</param>
    public ExtractiveAnswerer(TermAnalyzer analyzer, Func<string, string, double> idf, double foundThreshold = DefaultFoundThreshold)
    {
        this.analyzer = analyzer;
        this.idf = idf;
        this.foundThreshold = foundThreshold;
    }

    /// <summary>The coverage threshold used for "found".</summary>
    public double FoundThreshold => foundThreshold;

    /// <summary>Answers a question from ranked search results (best first).</summary>
    public Answer Answer(string question, IReadOnlyList<SearchResult> results)
    {
        if (results.Count == 0)
        {
            return new Answer(false, AnswerTexts.NotFound(question), [], [], "extractive", 0);
        }

        var words = WeightedTerms(question, IndexField.Words);
        var bigrams = WeightedTerms(question, IndexField.Bigrams);
        float topScore = Math.Max(results[0].Score, 1e-6f);
        var candidates = new List<Candidate>();
        foreach (SearchResult result in results)
        {
            string text = result.Chunk.Text;
            double prior = 0.85 + 0.15 * Math.Clamp(result.Score / topScore, 0, 1);
            foreach ((int start, int end) in SentenceSplitter.Split(text, 0, text.Length))
            {
                string sentence = text[start..end];
                double coverage = 0.5 * Coverage(sentence, IndexField.Words, words) + 0.5 * Coverage(sentence, IndexField.Bigrams, bigrams);
                // A question in a document (an FAQ heading, a list of sample questions) repeats the user's words
                // but does not answer them; prefer the sentences around it.
                // A heading or title repeats the topic without saying anything about it.
                double form = IsQuestion(sentence) ? 0.6 : IsHeading(sentence, result.Chunk) ? 0.3 : 1.0;
                candidates.Add(new Candidate(result, start, end, sentence, coverage, coverage * prior * form));
            }
        }

        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        Candidate best = candidates[0];
        double chunkCoverage = results.Take(3).Max(r =>
            0.5 * Coverage(r.Chunk.Text, IndexField.Words, words) + 0.5 * Coverage(r.Chunk.Text, IndexField.Bigrams, bigrams));
        if (best.Coverage < foundThreshold)
        {
            return NotFound(question, results, best.Coverage) with { ChunkCoverage = Math.Round(chunkCoverage, 3) };
        }

        var chosen = new List<Candidate> { best };
        foreach (Candidate candidate in candidates.Skip(1))
        {
            if (chosen.Count >= 3 || candidate.Score < 0.8 * best.Score)
            {
                break;
            }

            if (!chosen.Any(c => c.Sentence == candidate.Sentence))
            {
                chosen.Add(candidate);
            }
        }

        return Compose(chosen, best.Coverage) with { ChunkCoverage = Math.Round(chunkCoverage, 3) };
    }

    private static Answer Compose(List<Candidate> chosen, double confidence)
    {
        var citations = new List<Citation>();
        var parts = new List<string>();
        foreach (Candidate candidate in chosen)
        {
            var chunk = candidate.Result.Chunk;
            int n = citations.Count + 1;
            citations.Add(new Citation(n, chunk.DocId, chunk.ExternalId, chunk.Id, chunk.Title, chunk.SourcePath, chunk.HeadingPath,
                chunk.Page, candidate.Sentence, chunk.Start + candidate.Start, chunk.Start + candidate.End));
            parts.Add($"{candidate.Sentence}[{n}]");
        }

        bool chinese = parts.Any(AnswerTexts.IsChinese);
        string text = string.Join(chinese ? "" : " ", parts);
        return new Answer(true, text, citations, [], "extractive", Math.Round(confidence, 3))
        {
            // Quoted sentences are the sources themselves: fully supported by construction.
            Sentences = citations.Select(c => new Citations.CheckedSentence(c.Quote, [c.N], true, 1.0)).ToList(),
            GroundedShare = 1.0,
            MarkedText = text,
        };
    }

    private static Answer NotFound(string question, IReadOnlyList<SearchResult> results, double confidence)
    {
        var closest = results
            .Select(r => r.Chunk)
            .DistinctBy(c => c.DocId)
            .Take(3)
            .Select(c => new RelatedDocument(c.DocId, c.ExternalId, c.Title, c.SourcePath))
            .ToList();
        return new Answer(false, AnswerTexts.NotFound(question), [], closest, "extractive", Math.Round(confidence, 3))
        {
            MarkedText = AnswerTexts.NotFound(question),
        };
    }

    private static bool IsHeading(string sentence, Storage.ChunkRecord chunk)
    {
        string trimmed = sentence.Trim();
        return trimmed == chunk.Title.Trim()
            || chunk.HeadingPath.Split(" > ").Any(h => h.Trim() == trimmed);
    }

    private static bool IsQuestion(string sentence)
    {
        string trimmed = sentence.TrimEnd('”', '"', '’', '\'', '）', ')', ' ');
        return trimmed.EndsWith('？') || trimmed.EndsWith('?');
    }

    private Dictionary<string, double> WeightedTerms(string text, string field)
    {
        var terms = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (AnalyzedToken token in analyzer.Analyze(text, field))
        {
            double weight = token.Weight * idf(field, token.Term);
            terms[token.Term] = Math.Max(terms.GetValueOrDefault(token.Term), weight);
        }

        return terms;
    }

    private double Coverage(string sentence, string field, Dictionary<string, double> query)
    {
        double total = query.Values.Sum();
        if (total <= 0)
        {
            return 0;
        }

        var present = new HashSet<string>(analyzer.Analyze(sentence, field, weighQuestionWords: false).Select(t => t.Term), StringComparer.Ordinal);
        double covered = query.Where(kv => present.Contains(kv.Key)).Sum(kv => kv.Value);
        return covered / total;
    }

    private sealed record Candidate(SearchResult Result, int Start, int End, string Sentence, double Coverage, double Score);
}
