using Zhiku.Core.Access;
using Zhiku.Core.Answering;
using Zhiku.Core.Indexing;
using Zhiku.Core.Indexing.Analysis;
using Zhiku.Core.Storage;

namespace Zhiku.Core;

/// <summary>
/// One knowledge base: its documents in the metadata store and its full-text index. Opening it repairs the
/// index from the store (the source of truth) when a previous run died between the two.
/// </summary>
public sealed class KnowledgeBase : IDisposable
{
    /// <summary>How many chunks `ask` reads sentences from.</summary>
    public const int AnswerCandidates = 8;

    internal KnowledgeBase(ZhikuStore store, KnowledgeBaseInfo info)
    {
        Store = store;
        Info = info;
        Index = new FullTextIndex(store.Layout.FullTextFolder(info.Id));
        RepairIndex();
    }

    public ZhikuStore Store { get; }

    public KnowledgeBaseInfo Info { get; }

    public FullTextIndex Index { get; }

    internal MetadataStore Metadata => Store.Metadata;

    /// <summary>Ranked chunks for a raw user text (any text: syntax characters are not interpreted).</summary>
    /// <param name="query">Any user text.</param>
    /// <param name="top">How many chunks.</param>
    /// <param name="access">Which documents the caller may read (null: all); unreadable ones are excluded inside
    /// the index query, before the top-k cut.</param>
    public IReadOnlyList<SearchResult> Search(string query, int top = 10, ReadAccess? access = null)
    {
        if (top <= 0)
        {
            throw new UserInputException("--top: must be a positive number / --top 必须为正整数");
        }

        if (Info.Policy == DataPolicy.Forbidden)
        {
            return []; // 不允许采集: a forbidden knowledge base is never retrieved nor answered.
        }

        access ??= ReadAccess.All;
        var denied = new HashSet<long>(Metadata.GetUnreadableDocuments(Info.Id, access));
        IReadOnlyList<KeywordHit> hits = Index.Search(query, top, denied);
        if (!access.ReadsAll)
        {
            // A restricted document written after the denied set was read can already be in the index; re-check
            // the hits and search again without it, so the caller still gets the top-k of what they may read.
            for (int attempt = 0; attempt < 5; attempt++)
            {
                var groups = Metadata.GetDocumentGroups(hits.Select(h => h.DocId).ToList());
                var late = hits.Select(h => h.DocId).Where(id => !groups.TryGetValue(id, out var g) || !access.CanRead(g)).ToHashSet();
                if (late.Count == 0)
                {
                    break;
                }

                denied.UnionWith(late);
                hits = attempt < 4 ? Index.Search(query, top, denied) : hits.Where(h => !denied.Contains(h.DocId)).ToList();
            }
        }

        IReadOnlyList<ChunkRecord> chunks = Metadata.GetChunks(hits.Select(h => h.ChunkId).ToList());
        var scores = hits.ToDictionary(h => h.ChunkId, h => h.Score);
        return chunks.Select((c, i) => new SearchResult(c, scores[c.Id], i + 1)).ToList();
    }

    /// <summary>An extractive answer with citations, or "not found" with the closest documents.</summary>
    /// <param name="question">The question.</param>
    /// <param name="access">Which documents the caller may read (null: all); the answer, its citations and the
    /// closest documents come from readable documents only.</param>
    public Answer Ask(string question, ReadAccess? access = null) =>
        AnswerExtractively(question, Search(question, AnswerCandidates, access));

    /// <summary>The extractive answer from given search results.</summary>
    public Answer AnswerExtractively(string question, IReadOnlyList<SearchResult> results) =>
        new ExtractiveAnswerer(TermAnalyzer.Shared, InverseDocumentFrequency).Answer(question, results);

    /// <summary>The data policy that applies to a chunk: its document's own, else the knowledge base's.</summary>
    public string EffectivePolicy(ChunkRecord chunk) => chunk.Policy ?? Info.Policy;

    /// <summary>BM25-style IDF of a term in a field of this knowledge base's index.</summary>
    public double InverseDocumentFrequency(string field, string term)
    {
        (int df, int n) = Index.TermStatistics(field, term);
        return Math.Log(1 + (n - df + 0.5) / (df + 0.5));
    }

    /// <summary>Deletes a document from the store and the index.</summary>
    public bool DeleteDocument(long docId)
    {
        if (!Metadata.DeleteDocument(Info.Id, docId))
        {
            return false;
        }

        ApplyBacklog();
        return true;
    }

    /// <summary>
    /// Brings the full-text index in line with the store: applies deletions and indexes documents the store
    /// holds but the index does not (after a crash), or rebuilds the index when its folder is missing or broken.
    /// </summary>
    internal void RepairIndex()
    {
        if (!Index.HasValidCommit() && Metadata.GetCounts(Info.Id).Documents > 0)
        {
            Metadata.MarkAllUnindexed(Info.Id);
            Index.DeleteAll();
        }

        (IReadOnlyList<long> pending, IReadOnlyList<long> tombstones) = Metadata.GetIndexBacklog(Info.Id);
        if (pending.Count > 0 || tombstones.Count > 0)
        {
            ApplyBacklog();
        }
    }

    /// <summary>Writes every pending change of the store into the index and commits it.</summary>
    internal void ApplyBacklog()
    {
        (IReadOnlyList<long> pending, IReadOnlyList<long> tombstones) = Metadata.GetIndexBacklog(Info.Id);
        Index.DeleteDocuments(tombstones);
        Index.DeleteDocuments(pending);
        foreach (long[] batch in pending.Chunk(500))
        {
            Index.AddChunks(Metadata.GetChunksOfDocuments(batch));
        }

        Index.Commit();
        Metadata.MarkIndexed(Info.Id, pending, tombstones);
    }

    public void Dispose() => Index.Dispose();
}
