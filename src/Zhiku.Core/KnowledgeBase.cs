using Zhiku.Core.Access;
using Microsoft.Extensions.AI;
using Zhiku.Core.Answering;
using Zhiku.Core.Indexing;
using Zhiku.Core.Indexing.Analysis;
using Zhiku.Core.Indexing.Embeddings;
using Zhiku.Core.Indexing.Hybrid;
using Zhiku.Core.Indexing.Reranking;
using Zhiku.Core.Ingestion;
using Zhiku.Core.Retrieval;
using Zhiku.Core.Storage;

namespace Zhiku.Core;

/// <summary>
/// One knowledge base: its documents in the metadata store and its full-text index. Opening it repairs the
/// index from the store (the source of truth) when a previous run died between the two.
/// </summary>
public sealed class KnowledgeBase : IDisposable
{
    /// <summary>How many chunks `ask` reads sentences from.</summary>
    public const int AnswerCandidates = ExtractiveAnswerer.Candidates;

    private KnowledgeBase(ZhikuStore store, KnowledgeBaseInfo info, RetrievalConfiguration retrieval)
    {
        Store = store;
        Info = info;
        Retrieval = retrieval;
        // The store's shared reranker of the configured folder (loaded once per process), not closed with this knowledge
        // base. Got before the indexes are opened, so a folder without a usable model leaves nothing open behind it.
        ICrossEncoder? crossEncoder = retrieval.Settings.RerankerPath is { } reranker ? store.CrossEncoders.Get(reranker) : null;
        UserDictionary? dictionary = retrieval.Settings.UserDictionaryPath is { } path ? UserDictionary.Load(path) : null;
        Index = new FullTextIndex(store.Layout.FullTextFolder(info.Id), dictionary is null ? TermAnalyzer.Shared : new TermAnalyzer(dictionary),
            store.Encryption);
        Func<EmbeddingSettings, IEmbeddingGenerator<string, Embedding<float>>> create = retrieval.GeneratorFactory ?? store.Embeddings.Get;
        Vectors = new KnowledgeBaseVectors(store.Chunks, store.Encryption, info.Id, store.Layout, retrieval.Embedding, retrieval.DenseEnabled,
            retrieval.EmbeddingCachePath is { } cache ? s => new FileEmbeddingCache(create(s), cache) : create);
        Retriever = new Retriever(new HybridSearcher(Index, Vectors, store.Chunks, retrieval.Settings, crossEncoder), store.KnowledgeBases, store.Groups, info);
        AnswerSource = new AnswerSource(info, store.Access, store.Audit, store.Configuration, Retriever, Index);
        Synchronizer = new IndexSynchronizer(store.Chunks, info.Id,
            [new FullTextChunkIndex(Index, "user_dictionary=" + (dictionary?.Fingerprint ?? "none")), new VectorChunkIndex(Vectors)]);
    }

    /// <summary>Opens a knowledge base's indexes and repairs them from the store (a backlog a killed run left, an index
    /// folder missing or unreadable). Nothing is left open when it fails or is cancelled; the next open repairs again.</summary>
    /// <exception cref="ZhikuException">A configured model or dictionary cannot be loaded, or the store cannot be read now.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled during the repair.</exception>
    internal static async Task<KnowledgeBase> OpenAsync(ZhikuStore store, KnowledgeBaseInfo info, RetrievalConfiguration retrieval,
        CancellationToken cancellationToken)
    {
        var kb = new KnowledgeBase(store, info, retrieval);
        try
        {
            await kb.Synchronizer.RepairAsync(cancellationToken).ConfigureAwait(false);
            return kb;
        }
        catch
        {
            kb.Dispose();
            throw;
        }
    }

    public ZhikuStore Store { get; }

    public KnowledgeBaseInfo Info { get; }

    public FullTextIndex Index { get; }

    /// <summary>The embedding model and ranking settings in effect (from zhiku.json).</summary>
    public RetrievalConfiguration Retrieval { get; }

    /// <summary>The dense side: chunk vectors of the configured embedding model.</summary>
    public KnowledgeBaseVectors Vectors { get; }

    /// <summary>Search: hybrid retrieval with the policy and the caller's read access applied.</summary>
    public Retriever Retriever { get; }

    /// <summary>What answering reads from this knowledge base (its search, term statistics, store and configuration):
    /// pass it to <see cref="AnsweringPath.OpenAsync"/> or <see cref="QuestionAnswerer.CreateAsync"/>.</summary>
    public AnswerSource AnswerSource { get; }

    /// <summary>Keeps the full-text and vector indexes in step with the store.</summary>
    public IndexSynchronizer Synchronizer { get; }

    internal MetadataStore Metadata => Store.Metadata;

    /// <summary>Ranked chunks for a raw user text (any text: syntax characters are not interpreted), through the
    /// knowledge base's <see cref="Retriever"/>.</summary>
    /// <param name="query">Any user text.</param>
    /// <param name="top">How many chunks.</param>
    /// <param name="useDense">Whether the dense side takes part (when the vectors are ready).</param>
    /// <param name="access">Which documents the caller may read (null: all); unreadable ones are excluded inside
    /// the index query, before the top-k cut.</param>
    /// <param name="cancellationToken">Stops the index search and the query's embedding.</param>
    public Task<IReadOnlyList<SearchResult>> SearchAsync(string query, int top = 10, bool useDense = true,
        ReadAccess? access = null, CancellationToken cancellationToken = default) =>
        Retriever.SearchAsync(query, top, useDense, access, cancellationToken);

    /// <summary>
    /// Embeds the chunks that have no vector of the configured model yet (all of them after a model change,
    /// without re-parsing documents); resumable. Search is keyword-only until it completes.
    /// </summary>
    public Task<VectorUpdateResult> UpdateVectorsAsync(IProgress<VectorUpdateProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Vectors.UpdateAsync(progress, cancellationToken);

    /// <summary>An extractive answer with citations, or "not found" with the closest documents (no model).</summary>
    /// <param name="question">The question.</param>
    /// <param name="access">Which documents the caller may read (null: all); the answer, its citations and the
    /// closest documents come from readable documents only.</param>
    /// <param name="cancellationToken">Stops the search behind the answer.</param>
    public async Task<Answer> AskAsync(string question, ReadAccess? access = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<SearchResult> results = await SearchAsync(question, AnswerCandidates, access: access,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return AnswerExtractively(question, results);
    }

    /// <summary>The extractive answer from given search results.</summary>
    public Answer AnswerExtractively(string question, IReadOnlyList<SearchResult> results) =>
        ExtractiveAnswerer.AnswerFrom(Index, question, results);

    /// <summary>The data policy that applies to a chunk: the stricter of its document's own and the knowledge base's
    /// current one.</summary>
    /// <exception cref="ZhikuException">As <see cref="ReadPolicyAsync"/>.</exception>
    public async Task<string> EffectivePolicyAsync(ChunkRecord chunk, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return DocumentPolicy.Effective(await ReadPolicyAsync(cancellationToken).ConfigureAwait(false), chunk.Policy);
    }

    /// <summary>The knowledge base's policy as stored now: <see cref="Info"/> is read when the knowledge base is opened,
    /// and a long-lived handle (the server's) must see a policy its owner tightened since.</summary>
    /// <exception cref="ZhikuException">As <see cref="Retrieval.Retriever.ReadPolicyAsync"/>.</exception>
    public Task<string> ReadPolicyAsync(CancellationToken cancellationToken = default) => Retriever.ReadPolicyAsync(cancellationToken);

    /// <summary>BM25-style IDF of a term in a field of this knowledge base's index.</summary>
    public double InverseDocumentFrequency(string field, string term)
    {
        (int df, int n) = Index.TermStatistics(field, term);
        return TermStatisticsView.Idf(df, n);
    }

    /// <summary>Deletes a document from the store and the indexes; false when it is not in this knowledge base.</summary>
    /// <exception cref="ZhikuException">The store cannot be read or written now (<see cref="ErrorKind.Unavailable"/>).</exception>
    public async Task<bool> DeleteDocumentAsync(long docId, CancellationToken cancellationToken = default)
    {
        if (!await Store.Documents.DeleteAsync(Info.Id, docId, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        // Once deleted in the store, the document leaves the indexes even if the caller gives up now.
        await Synchronizer.ApplyBacklogAsync(CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    public void Dispose()
    {
        Index.Dispose();
        Vectors.Dispose();
    }
}
