using Zhiku.Core.Access;
using Zhiku.Core.Indexing;
using Zhiku.Core.Indexing.Hybrid;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Retrieval;

/// <summary>
/// Search over one knowledge base: the hybrid searcher's ranked chunks with the knowledge base's policy and the
/// caller's read access applied, copies of one text folded into one result.
/// </summary>
public sealed class Retriever
{
    private readonly HybridSearcher _searcher;
    private readonly IKnowledgeBaseStore _knowledgeBases;
    private readonly IGroupStore _groups;
    private readonly KnowledgeBaseInfo _info;

    /// <param name="searcher">Keyword and dense retrieval, fusion and reranking of the knowledge base.</param>
    /// <param name="knowledgeBases">The store's knowledge bases: the knowledge base's current policy.</param>
    /// <param name="groups">Its documents' groups.</param>
    /// <param name="info">The knowledge base.</param>
    public Retriever(HybridSearcher searcher, IKnowledgeBaseStore knowledgeBases, IGroupStore groups, KnowledgeBaseInfo info)
    {
        this._searcher = searcher;
        this._knowledgeBases = knowledgeBases;
        this._groups = groups;
        this._info = info;
    }

    /// <summary>
    /// Ranked chunks for a raw user text: keyword and dense hits fused (keyword alone while the vectors are
    /// incomplete or when <paramref name="useDense"/> is false), reranked when a cross-encoder is configured.
    /// Each result carries its <see cref="SearchResult.Explanation"/>. Documents the caller may not read and
    /// forbidden documents are excluded inside both retrievals, before the top-k cut.
    /// </summary>
    /// <exception cref="ZhikuException"><paramref name="top"/> is not positive; the store cannot be read now
    /// (<see cref="ErrorKind.Unavailable"/>).</exception>
    public async Task<IReadOnlyList<SearchResult>> SearchAsync(string query, int top = 10, bool useDense = true,
        ReadAccess? access = null, CancellationToken cancellationToken = default)
    {
        if (top <= 0)
        {
            throw ZhikuException.InvalidInput($"the number of results must be a positive number, not {top} / 返回条数必须为正整数", "top");
        }

        if (await ReadPolicyAsync(cancellationToken).ConfigureAwait(false) == DataPolicy.Forbidden)
        {
            return []; // 不允许采集: a forbidden knowledge base is never retrieved nor answered.
        }

        access ??= ReadAccess.All;
        HashSet<long> denied = access.ReadsAll ? [] : [.. await _groups.GetUnreadableDocumentsAsync(_info.Id, access, cancellationToken).ConfigureAwait(false)];
        IReadOnlyList<SearchResult> results = await _searcher.SearchAsync(query, top, useDense,
            chunk => chunk.Policy != DataPolicy.Forbidden && !denied.Contains(chunk.DocId), denied, cancellationToken).ConfigureAwait(false);
        if (DistinctTexts(results).Count < results.Count && results.Count == top)
        {
            // Copies of the same text took places: look deeper so the page is still full after they are folded.
            results = await _searcher.SearchAsync(query, top * 2, useDense,
                chunk => chunk.Policy != DataPolicy.Forbidden && !denied.Contains(chunk.DocId), denied, cancellationToken).ConfigureAwait(false);
        }

        // Two chunks with the same text (the same passage in two documents) are one result: the better-ranked one.
        if (DistinctTexts(results) is { } distinct && distinct.Count < results.Count)
        {
            results = distinct.Take(top).Select((r, i) => r with { Rank = i + 1 }).ToList();
        }
        if (!access.ReadsAll && results.Count > 0)
        {
            // A restricted document written after the denied set was read may already be indexed: check the results
            // against the store once more, so nothing unreadable is ever returned.
            var groups = await _groups.GetDocumentGroupsAsync(results.Select(r => r.Chunk.DocId).Distinct().ToList(), cancellationToken).ConfigureAwait(false);
            results = results.Where(r => groups.TryGetValue(r.Chunk.DocId, out var g) && access.CanRead(g))
                .Select((r, i) => r with { Rank = i + 1 }).ToList();
        }

        return results;
    }

    /// <summary>The knowledge base's policy as stored now (a long-lived handle must see a policy tightened since); the
    /// policy it was opened with once it is gone.</summary>
    /// <exception cref="ZhikuException">As <see cref="IKnowledgeBaseStore.FindAsync"/>.</exception>
    public async Task<string> ReadPolicyAsync(CancellationToken cancellationToken = default) =>
        (await _knowledgeBases.FindAsync(_info.Name, cancellationToken).ConfigureAwait(false))?.Policy ?? _info.Policy;

    private static List<SearchResult> DistinctTexts(IReadOnlyList<SearchResult> results) =>
        results.DistinctBy(r => string.Join(' ', r.Chunk.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), StringComparer.Ordinal).ToList();
}
