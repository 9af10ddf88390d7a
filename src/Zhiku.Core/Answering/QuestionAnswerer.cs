using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Zhiku.Core.Access;
using Zhiku.Core.Answering.Citations;
using Zhiku.Core.Answering.Clients;
using Zhiku.Core.Configuration;
using Zhiku.Core.Indexing;
using Zhiku.Core.Indexing.Analysis;
using Zhiku.Core.Privacy;
using Zhiku.Core.Retrieval;
using Zhiku.Core.Storage;
using Zhiku.Core.Text;

namespace Zhiku.Core.Answering;

/// <summary>
/// Answers a question from a knowledge base the way `ask` does: retrieve, answer extractively (always: it gives the
/// retrieval confidence and the fallback), and when a model is configured and the question is answerable, let the
/// model write the answer from the numbered sources, check its citations, and fall back to the extractive answer
/// with a one-line notice when the model fails. Below the found threshold the model is never asked. It reads the
/// knowledge base only through its <see cref="AnswerSource"/>: the <see cref="Retriever"/> (search and the current
/// policy) and the index's term statistics.
/// </summary>
public sealed class QuestionAnswerer : IDisposable
{
    private readonly AnswerSource _source;
    private readonly EffectiveLlmConfiguration _configuration;
    private readonly IChatClient? _chatClient;
    private readonly IOutboundFilter? _filter;
    private IDisposable? _owned;

    /// <param name="source">The knowledge base to answer from (<see cref="KnowledgeBase.AnswerSource"/>).</param>
    /// <param name="configuration">Its effective model and answering settings.</param>
    /// <param name="chatClient">The model, or null for extractive answers only.</param>
    /// <param name="filter">Desensitizes what goes to the model and restores what comes back.</param>
    public QuestionAnswerer(AnswerSource source, EffectiveLlmConfiguration configuration, IChatClient? chatClient, IOutboundFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        this._source = source;
        this._configuration = configuration;
        this._chatClient = chatClient;
        this._filter = filter;
        _owned = chatClient;
    }

    /// <summary>
    /// Composes the answering path of a knowledge base for one use (a CLI command, a test) with its own model
    /// clients, closed when this answerer is disposed; a host keeps one <see cref="AnsweringPath"/> instead.
    /// See <see cref="AnsweringPath.OpenAsync"/>.
    /// </summary>
    /// <param name="source">The knowledge base (<see cref="KnowledgeBase.AnswerSource"/>).</param>
    /// <param name="user">Who asks (recorded in the audit log).</param>
    /// <param name="session">The conversation's placeholder mapping, to keep placeholders stable across turns.</param>
    /// <param name="mayReveal">Which original values the reader may see; null reveals all.</param>
    /// <param name="cancellationToken">Stops the read of the stored settings.</param>
    /// <exception cref="ZhikuException">As <see cref="AnsweringPath.OpenAsync"/>.</exception>
    public static async Task<QuestionAnswerer> CreateAsync(AnswerSource source, string user, PseudonymSession? session = null,
        Func<PseudonymEntry, bool>? mayReveal = null, CancellationToken cancellationToken = default)
    {
        AnsweringPath path = AnsweringPath.CreateOwning();
        try
        {
            QuestionAnswerer answerer = await path.OpenAsync(source, user, session, mayReveal, cancellationToken).ConfigureAwait(false);
            answerer._owned = new OwnedResources(answerer._chatClient, path);
            return answerer;
        }
        catch
        {
            path.Dispose();
            throw;
        }
    }

    /// <summary>Refines the citation support score; the provider's embedding model when it has one.</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? EmbeddingGenerator { get; init; }

    /// <summary>Where model failures are logged.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>The effective model and answering settings.</summary>
    public EffectiveLlmConfiguration Configuration => _configuration;

    /// <summary>The (audited) model client, or null when answers are extractive.</summary>
    public IChatClient? ChatClient => _chatClient;

    /// <summary>The privacy filter on the way to a cloud model, or null (no model, or a local one).</summary>
    public IOutboundFilter? Filter => _filter;

    /// <summary>Answers a standalone question; <paramref name="onText"/> receives the model's text as it streams.</summary>
    public Task<Answer> AskAsync(string question, Action<string>? onText = null, CancellationToken cancellationToken = default) =>
        AskAsync(question, null, onText, cancellationToken);

    /// <summary>Answers a standalone question from the documents <paramref name="access"/> may read (null: all).</summary>
    public async Task<Answer> AskAsync(string question, ReadAccess? access, Action<string>? onText, CancellationToken cancellationToken = default)
    {
        int topK = Math.Max(1, _configuration.Answering.TopK);
        IReadOnlyList<SearchResult> results = await _source.Retriever.SearchAsync(question, Math.Max(ExtractiveAnswerer.Candidates, topK),
            access: access, cancellationToken: cancellationToken).ConfigureAwait(false);
        Answer extractive = ExtractiveAnswerer.AnswerFrom(_source.Statistics, question, results.Take(ExtractiveAnswerer.Candidates).ToList());
        if (!extractive.Found && _configuration.Answering.NotFoundText is { } notFound)
        {
            extractive = extractive with { Text = notFound, MarkedText = notFound };
        }

        // The model reads whole chunks, so it is asked when a retrieved chunk covers enough of the question, even if
        // no single sentence does; below that it is never asked to invent.
        if (_chatClient is null || (!extractive.Found && extractive.ChunkCoverage < ExtractiveAnswerer.ModelGateThreshold))
        {
            return extractive;
        }

        List<SearchResult> used = results.Take(topK).ToList();
        string knowledgeBasePolicy = await _source.Retriever.ReadPolicyAsync(cancellationToken).ConfigureAwait(false);
        var sources = used.Select((r, i) => new SourcePassage(i + 1, r.Chunk.Text)
        {
            DocId = r.Chunk.DocId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ExternalId = r.Chunk.ExternalId,
            ChunkId = r.Chunk.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Title = r.Chunk.Title,
            Heading = r.Chunk.HeadingPath,
            Source = r.Chunk.SourcePath,
            Page = r.Chunk.Page,
            LocalOnly = DataPolicy.Stricter(knowledgeBasePolicy, r.Chunk.Policy) == DataPolicy.LocalOnly,
        }).ToList();

        var answerer = new LlmAnswerer(_chatClient, LlmAnswerOptions.From(_configuration), _filter, EmbeddingGenerator, Logger);
        LlmAnswer llm = await answerer.AnswerAsync(question, sources, onText, cancellationToken).ConfigureAwait(false);
        return llm.Status switch
        {
            LlmAnswerStatus.Failed => extractive with { Notice = llm.Notice },
            LlmAnswerStatus.NotFound => new Answer(false, llm.Text, [], Closest(used), "llm", extractive.Confidence)
            {
                Model = llm.Model,
                MarkedText = llm.Text,
                Notice = llm.Notice,
            },
            _ => new Answer(true, llm.Text, CitationsOf(llm, used), [], "llm", extractive.Confidence)
            {
                Model = llm.Model,
                Sentences = llm.Sentences,
                GroundedShare = llm.GroundedShare,
                Flagged = llm.Flagged,
                Notice = llm.Notice,
                MarkedText = llm.MarkedText,
            },
        };
    }

    public void Dispose() => _owned?.Dispose();

    /// <summary>What a <see cref="CreateAsync"/>d answerer closes: its audit wrapper, then the path with its own clients.</summary>
    private sealed class OwnedResources(IDisposable? client, IDisposable path) : IDisposable
    {
        public void Dispose()
        {
            client?.Dispose();
            path.Dispose();
        }
    }

    private static List<RelatedDocument> Closest(IEnumerable<SearchResult> results) =>
        results.Select(r => r.Chunk).DistinctBy(c => c.DocId).Take(3)
            .Select(c => new RelatedDocument(c.DocId, c.ExternalId, c.Title, c.SourcePath)).ToList();

    /// <summary>One citation per cited source, quoting the sentence of the source closest to the answer sentences citing it.</summary>
    private static List<Citation> CitationsOf(LlmAnswer llm, List<SearchResult> used)
    {
        var citations = new List<Citation>();
        foreach (int n in llm.Sentences.SelectMany(s => s.Citations).Distinct().Order())
        {
            if (n < 1 || n > used.Count)
            {
                continue;
            }

            ChunkRecord chunk = used[n - 1].Chunk;
            string claims = string.Join(" ", llm.Sentences.Where(s => s.Citations.Contains(n)).Select(s => s.Text));
            (int start, int end) = BestSentence(chunk.Text, claims);
            citations.Add(new Citation(n, chunk.DocId, chunk.ExternalId, chunk.Id, chunk.Title, chunk.SourcePath, chunk.HeadingPath,
                chunk.Page, chunk.Text[start..end], chunk.Start + start, chunk.Start + end));
        }

        return citations;
    }

    private static (int Start, int End) BestSentence(string text, string claims)
    {
        var wanted = new HashSet<string>(TermAnalyzer.Shared.Analyze(claims, IndexField.Bigrams, weighQuestionWords: false).Select(t => t.Term), StringComparer.Ordinal);
        (int Start, int End) best = (0, text.Length);
        int bestScore = -1;
        foreach ((int start, int end) in SentenceSplitter.Split(text, 0, text.Length))
        {
            int score = TermAnalyzer.Shared.Analyze(text[start..end], IndexField.Bigrams, weighQuestionWords: false).Select(t => t.Term).Distinct().Count(wanted.Contains);
            if (score > bestScore)
            {
                (best, bestScore) = ((start, end), score);
            }
        }

        return best;
    }
}
