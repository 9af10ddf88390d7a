using System.Text.RegularExpressions;
using Zhiku.Core.Answering.Citations;
using Zhiku.Core.Chunking;
using Zhiku.Core.Indexing;
using Zhiku.Core.Indexing.Analysis;
using Zhiku.Core.Storage;
using Zhiku.Core.Text;

namespace Zhiku.Core.Answering;

/// <summary>
/// Answers with no model at all: scores the sentences (and adjacent sentence pairs) of the top chunks against the
/// question's key terms (IDF-weighted coverage of words and character bigrams, in the sentence and in its context:
/// the chunk's heading and the sentence before), prefers sentences that hold the kind of value the question asks
/// for (<see cref="AskedValue"/>) and in the unit it names (<see cref="AskedUnit"/>), and quotes the best one to three, each with its citation markers; near-identical
/// sentences from several documents are quoted once, citing all of them. Whether the answer counts as found is
/// decided by <see cref="FoundGate"/> on several signals, among them whether a Chinese question's asked unit is held
/// in a clause next to its key terms (<see cref="UnitEvidence"/>).
/// </summary>
public sealed partial class ExtractiveAnswerer
{
    /// <summary>Minimum evidence (<see cref="FoundGate"/>) for an answer to count as found; calibrated on answerable
    /// versus unanswerable questions (docs/benchmarks.md, "Extractive answers").</summary>
    public const double DefaultFoundThreshold = FoundGate.DefaultThreshold;

    /// <summary>Minimum coverage of the question by one retrieved chunk for a model to be asked. Lower than the
    /// extractive threshold: a model reads whole chunks, is told to say when they do not answer, and its citations are
    /// checked; at 0.30, 90–99% of answerable questions pass and 8–28% of unanswerable ones (docs/benchmarks.md).</summary>
    public const double ModelGateThreshold = 0.30;

    /// <summary>How many of the top search results an extractive answer reads sentences from.</summary>
    public const int Candidates = 8;

    /// <summary>General-language weight (<see cref="GeneralLanguage.AbsentTermFactor"/>) from which an absent leading word is a specific topic.</summary>
    private const double SpecificTopicFactor = 0.9;

    /// <summary>What a Chinese question word absent from a sentence counts, times the share of its characters the sentence holds.</summary>
    private const double PartialWordCredit = 0.3;

    /// <summary>The factor for a sentence that holds a value of the asked kind but not in the asked unit (<see cref="AskedUnit"/>).</summary>
    private const double OtherUnit = 0.8;

    /// <summary>Word-bigram overlap above which two sentences from different documents are one answer sentence.</summary>
    private const double NearIdentical = 0.85;

    private readonly TermAnalyzer _analyzer;
    private readonly Func<string, string, double> _idf;
    private readonly double _foundThreshold;

    /// <param name="analyzer">The analyzer the index uses.</param>
    /// <param name="idf">Inverse document frequency of (field, term) in the knowledge base.</param>
    /// <param name="foundThreshold">Evidence below which the answer is "not found".</param>
    public ExtractiveAnswerer(TermAnalyzer analyzer, Func<string, string, double> idf, double foundThreshold = DefaultFoundThreshold)
    {
        this._analyzer = analyzer;
        this._idf = idf;
        this._foundThreshold = foundThreshold;
    }

    /// <summary>The extractive answer from ranked search results, words weighed by their IDF in
    /// <paramref name="statistics"/> (one view of the index for every lookup of the question), analysed with
    /// <see cref="TermAnalyzer.Shared"/>.</summary>
    public static Answer AnswerFrom(ITermStatistics statistics, string question, IReadOnlyList<SearchResult> results)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        using TermStatisticsView view = statistics.AcquireStatistics();
        return new ExtractiveAnswerer(TermAnalyzer.Shared, view.InverseDocumentFrequency).Answer(question, results);
    }

    /// <summary>The evidence threshold used for "found".</summary>
    public double FoundThreshold => _foundThreshold;

    /// <summary>Answers a question from ranked search results (best first).</summary>
    public Answer Answer(string question, IReadOnlyList<SearchResult> results)
    {
        if (results.Count == 0)
        {
            return new Answer(false, AnswerTexts.NotFound(question), [], [], "extractive", 0);
        }

        string keyText = AskedValue.WithoutAskedPhrase(question);
        var query = new QueryTerms(WeightedTerms(keyText, IndexField.Words), WeightedTerms(keyText, IndexField.Bigrams));
        AskedKind asked = AskedValue.Of(question);
        AskedUnit? unit = AskedUnit.Of(question);
        bool chinese = keyText.Any(CjkText.IsCjk);
        float topScore = Math.Max(results[0].Score, 1e-6f);
        var candidates = new List<Candidate>();
        double topChunkCoverage = 0;
        for (int r = 0; r < results.Count; r++)
        {
            SearchResult result = results[r];
            string text = result.Chunk.Text;
            TermSet heading = Terms(result.Chunk.HeadingPath + " " + result.Chunk.Title);
            TermSet whole = Terms(text).Union(heading);
            double wholeCoverage = query.Coverage(whole);
            if (r == 0)
            {
                topChunkCoverage = wholeCoverage;
            }

            double prior = 0.85 + 0.15 * Math.Clamp(result.Score / topScore, 0, 1);
            List<(int Start, int End)> spans = SentenceSplitter.Split(text, 0, text.Length);
            var sets = spans.Select(s => Terms(text[s.Start..s.End])).ToList();
            for (int i = 0; i < spans.Count; i++)
            {
                // A single sentence, and the sentence with the next one when the answer may span both.
                for (int length = 1; length <= 2 && i + length <= spans.Count; length++)
                {
                    int start = spans[i].Start, end = spans[i + length - 1].End;
                    string sentence = text[start..end];
                    TermSet own = length == 1 ? sets[i] : sets[i].Union(sets[i + 1]);
                    TermSet context = own.Union(heading);
                    if (i > 0)
                    {
                        context = context.Union(sets[i - 1]);
                    }

                    double coverage = query.Coverage(own);
                    double relevance = 0.6 * coverage + 0.4 * query.Coverage(context);
                    bool holds = AskedValue.Holds(sentence, asked);
                    bool inUnit = unit is null || unit.Holds(sentence);
                    string first = text[spans[i].Start..spans[i].End];
                    // A question in a document (an FAQ heading, a list of sample questions) repeats the user's words
                    // but does not answer them; a heading or title repeats the topic without saying anything about it.
                    double form = IsQuestion(first) ? 0.6 : IsHeading(first, result.Chunk) ? 0.3 : 1.0;
                    // A value of the asked kind in another unit (一年 for 几天) answers less often than one in the asked unit.
                    double kind = holds ? (inUnit ? 1.0 : OtherUnit) : 0.7;
                    double pair = length == 1 ? 1.0 : 0.85;
                    candidates.Add(new Candidate(result, r, start, end, sentence, coverage, relevance, holds,
                        relevance * prior * form * kind * pair));
                }
            }
        }

        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        Candidate best = candidates[0];
        double margin = results.Count > 1 ? 1 - Math.Clamp(results[1].Score / topScore, 0, 1) : 1;
        List<Chosen> chosen = Choose(candidates, best);
        UnitEvidence unitEvidence = UnitEvidence.NotAsked;
        if (unit is not null && chinese)
        {
            unitEvidence = !chosen.Any(c => unit.Holds(c.Candidate.Sentence)) ? UnitEvidence.Missing
                : NearCoverage(query, best.Sentence, unit) >= FoundGate.UnitNearCoverage ? UnitEvidence.NearKeyTerms
                : UnitEvidence.Held;
        }

        var gate = new FoundGate(_foundThreshold);
        double evidence = gate.Evidence(best.Relevance, asked == AskedKind.None || best.HoldsAsked, best.ResultIndex == 0, margin, topChunkCoverage,
            UnknownTopicOf(keyText), unitEvidence);
        double chunkCoverage = results.Take(3).Max(r => query.Coverage(Terms(r.Chunk.Text)));
        if (!gate.Found(evidence))
        {
            return NotFound(question, results, evidence) with { ChunkCoverage = Math.Round(chunkCoverage, 3) };
        }

        return Compose(chosen, evidence) with { ChunkCoverage = Math.Round(chunkCoverage, 3) };
    }

    /// <summary>The best sentence and up to two more scoring at least 0.8 of it, near-identical ones merged.</summary>
    private static List<Chosen> Choose(List<Candidate> candidates, Candidate best)
    {
        var chosen = new List<Chosen> { new(best, [best.Result]) };
        foreach (Candidate candidate in candidates.Skip(1))
        {
            if (chosen.Count >= 3 || candidate.Score < 0.8 * best.Score)
            {
                break;
            }

            if (chosen.Any(c => Overlaps(c.Candidate, candidate)))
            {
                continue;
            }

            // The same sentence in two documents (a policy and its copy, two versions) is one answer sentence citing both.
            Chosen? same = chosen.FirstOrDefault(c => Similarity(c.Candidate.Sentence, candidate.Sentence) >= NearIdentical);
            if (same is not null)
            {
                if (!same.Sources.Any(s => s.Chunk.DocId == candidate.Result.Chunk.DocId))
                {
                    same.Sources.Add(candidate.Result);
                }

                continue;
            }

            chosen.Add(new Chosen(candidate, [candidate.Result]));
        }

        return chosen;
    }

    /// <summary>The best key-term coverage of a clause of <paramref name="sentence"/> that holds a value in the asked unit:
    /// whether the value is said of what the question asks about (每年累计事假原则上不超过15天), not of something named
    /// beside it (…和生日福利，并每月发放餐补600元).</summary>
    private double NearCoverage(QueryTerms query, string sentence, AskedUnit unit) =>
        ClauseBreak().Split(sentence).Where(unit.Holds).Select(clause => query.Coverage(Terms(clause))).DefaultIfEmpty(0).Max();

    [GeneratedRegex(@"[，,；;。！？!?：:\n]")]
    private static partial Regex ClauseBreak();

    private static Answer Compose(List<Chosen> chosen, double confidence)
    {
        var citations = new List<Citation>();
        var parts = new List<string>();
        var sentences = new List<CheckedSentence>();
        foreach (Chosen item in chosen)
        {
            var markers = new List<int>();
            foreach (SearchResult source in item.Sources)
            {
                var chunk = source.Chunk;
                int n = citations.Count + 1;
                // For a merged sentence, each source is quoted at its own offsets (its text may differ slightly).
                (int start, int end) = source == item.Candidate.Result
                    ? (item.Candidate.Start, item.Candidate.End)
                    : Locate(chunk.Text, item.Candidate.Sentence);
                citations.Add(new Citation(n, chunk.DocId, chunk.ExternalId, chunk.Id, chunk.Title, chunk.SourcePath, chunk.HeadingPath,
                    chunk.Page, chunk.Text[start..end], chunk.Start + start, chunk.Start + end));
                markers.Add(n);
            }

            parts.Add(item.Candidate.Sentence + string.Concat(markers.Select(n => $"[{n}]")));
            // Quoted sentences are the sources themselves: fully supported by construction.
            sentences.Add(new CheckedSentence(item.Candidate.Sentence, markers, true, 1.0));
        }

        bool chinese = parts.Any(AnswerTexts.IsChinese);
        string text = string.Join(chinese ? "" : " ", parts);
        return new Answer(true, text, citations, [], "extractive", Math.Round(confidence, 3))
        {
            Sentences = sentences,
            GroundedShare = 1.0,
            MarkedText = text,
        };
    }

    /// <summary>The sentence of <paramref name="text"/> most like <paramref name="sentence"/>.</summary>
    private static (int Start, int End) Locate(string text, string sentence)
    {
        int exact = text.IndexOf(sentence, StringComparison.Ordinal);
        if (exact >= 0)
        {
            return (exact, exact + sentence.Length);
        }

        return SentenceSplitter.Split(text, 0, text.Length).MaxBy(s => Similarity(text[s.Start..s.End], sentence));
    }

    private static bool Overlaps(Candidate a, Candidate b)
    {
        if (a.Result.Chunk.DocId != b.Result.Chunk.DocId)
        {
            return false;
        }

        // Chunks of one document overlap, so compare offsets in the document, not in the chunk.
        int aStart = a.Result.Chunk.Start + a.Start, aEnd = a.Result.Chunk.Start + a.End;
        int bStart = b.Result.Chunk.Start + b.Start, bEnd = b.Result.Chunk.Start + b.End;
        return aStart < bEnd && bStart < aEnd;
    }

    /// <summary>Dice overlap of the character bigrams (letters and digits only) of two sentences.</summary>
    private static double Similarity(string a, string b)
    {
        HashSet<string> x = Bigrams(a), y = Bigrams(b);
        return x.Count + y.Count == 0 ? 1 : 2.0 * x.Count(y.Contains) / (x.Count + y.Count);
    }

    private static HashSet<string> Bigrams(string text)
    {
        string kept = new(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i + 1 < kept.Length; i++)
        {
            set.Add(kept.Substring(i, 2));
        }

        return set;
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

    private static bool IsHeading(string sentence, ChunkRecord chunk)
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
        IReadOnlyList<AnalyzedToken> tokens = _analyzer.Analyze(text, field);
        double absent = _idf(field, "\u0001absent");
        for (int i = 0; i < tokens.Count; i++)
        {
            AnalyzedToken token = tokens[i];
            double termIdf = _idf(field, token.Term);
            if (field == IndexField.Bigrams && termIdf >= absent - 1e-9 && Straddles(tokens, i, t => _idf(field, t) < absent - 1e-9))
            {
                continue;
            }

            double weight = token.Weight * termIdf;
            if (termIdf >= absent - 1e-9)
            {
                // A word the knowledge base lacks weighs what it says about the topic in general language.
                // A word jieba only guessed (能休, 没休: an unlisted compound of everyday characters) weighs as much as
                // its most specific character says.
                weight *= field == IndexField.Words ? GeneralLanguage.AbsentWordFactor(token.Term) : GeneralLanguage.AbsentTermFactor(token.Term);
            }

            terms[token.Term] = Math.Max(terms.GetValueOrDefault(token.Term), weight);
        }

        return terms;
    }

    /// <summary>
    /// Whether a Chinese question names something the knowledge base never mentions: a Latin-script name or code
    /// (a product, protocol, model number) anywhere in it, or a leading key word — the question's topic — that is
    /// specific in general language (<see cref="GeneralLanguage.AbsentTermFactor"/> ≥ 0.9: a name or rare term, not an
    /// everyday word such as 每个 or 今年 that a paraphrase brings in). English questions are left to coverage alone.
    /// </summary>
    private UnknownTopic UnknownTopicOf(string keyText)
    {
        if (!keyText.Any(CjkText.IsCjk))
        {
            return UnknownTopic.None;
        }

        double absent = _idf(IndexField.Words, "\u0001absent");
        bool leading = true;
        foreach (AnalyzedToken token in _analyzer.Analyze(keyText, IndexField.Words))
        {
            bool unseen = _idf(IndexField.Words, token.Term) >= absent - 1e-9;
            if (unseen && token.Term.Any(char.IsAsciiLetter))
            {
                return UnknownTopic.Name;
            }

            if (leading && token.Weight >= 0.99f && token.Term.All(CjkText.IsCjk))
            {
                leading = false;
                if (unseen && GeneralLanguage.AbsentTermFactor(token.Term) >= SpecificTopicFactor)
                {
                    return UnknownTopic.LeadingWord;
                }
            }
        }

        return UnknownTopic.None;
    }

    /// <summary>
    /// A Chinese bigram that occurs nowhere in the knowledge base while the bigrams on both sides of it do mostly
    /// straddles two words of a paraphrase (每个月几号发工资 → 号发): it cannot tell an answer from a miss, so it is
    /// not a key term. A run of absent bigrams (a product or topic the documents never mention) is kept: it is what
    /// makes a miss.
    /// </summary>
    private static bool Straddles(IReadOnlyList<AnalyzedToken> tokens, int i, Func<string, bool> occurs)
    {
        string term = tokens[i].Term;
        if (term.Length != 2 || !term.All(CjkText.IsCjk) || i == 0 || i + 1 >= tokens.Count)
        {
            return false;
        }

        string left = tokens[i - 1].Term, right = tokens[i + 1].Term;
        return left.Length == 2 && right.Length == 2 && left[1] == term[0] && right[0] == term[1] && occurs(left) && occurs(right);
    }

    private TermSet Terms(string text) => new(
        new HashSet<string>(_analyzer.Analyze(text, IndexField.Words, weighQuestionWords: false).Select(t => t.Term), StringComparer.Ordinal),
        new HashSet<string>(_analyzer.Analyze(text, IndexField.Bigrams, weighQuestionWords: false).Select(t => t.Term), StringComparer.Ordinal),
        new HashSet<char>(TextNormalizer.Normalize(text).Where(CjkText.IsCjk)));

    /// <summary>The distinct word and bigram terms of a text, and its Chinese characters.</summary>
    private sealed record TermSet(HashSet<string> Words, HashSet<string> Bigrams, HashSet<char> Characters)
    {
        public TermSet Union(TermSet other) => new(
            new HashSet<string>(Words.Concat(other.Words), StringComparer.Ordinal),
            new HashSet<string>(Bigrams.Concat(other.Bigrams), StringComparer.Ordinal),
            new HashSet<char>(Characters.Concat(other.Characters)));
    }

    /// <summary>The question's key terms with their weights (IDF times question-word weight).</summary>
    private sealed record QueryTerms(Dictionary<string, double> Words, Dictionary<string, double> Bigrams)
    {
        /// <summary>IDF-weighted share of the question's words and bigrams present in a text, averaged over the two fields;
        /// a Chinese word that is not there counts <see cref="PartialWordCredit"/> × the share of its characters that are.</summary>
        public double Coverage(TermSet present) => 0.5 * WordShare(present) + 0.5 * Share(Bigrams, present.Bigrams);

        private double WordShare(TermSet present)
        {
            double total = Words.Values.Sum();
            if (total <= 0)
            {
                return 0;
            }

            double got = 0;
            foreach ((string word, double weight) in Words)
            {
                if (present.Words.Contains(word))
                {
                    got += weight;
                }
                else if (word.All(CjkText.IsCjk))
                {
                    // A Chinese word the text says with another word of the same characters (快闪 → 快速闪烁, 补 → 补卡,
                    // 没休完 → 未休完) is partly there.
                    got += weight * PartialWordCredit * word.Count(present.Characters.Contains) / word.Length;
                }
            }

            return got / total;
        }

        private static double Share(Dictionary<string, double> query, HashSet<string> present)
        {
            double total = query.Values.Sum();
            return total <= 0 ? 0 : query.Where(kv => present.Contains(kv.Key)).Sum(kv => kv.Value) / total;
        }
    }

    private sealed record Candidate(SearchResult Result, int ResultIndex, int Start, int End, string Sentence, double Coverage,
        double Relevance, bool HoldsAsked, double Score);

    private sealed record Chosen(Candidate Candidate, List<SearchResult> Sources);
}
