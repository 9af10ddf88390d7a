using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Zhiku.Core.Indexing;

/// <summary>
/// Term statistics from one acquired reader of a <see cref="FullTextIndex"/>: every lookup sees the same view, and
/// none re-acquires. Not thread-safe; dispose it to release the reader. An index without a commit answers zeros.
/// </summary>
public sealed class TermStatisticsView : IDisposable
{
    private readonly IndexSearcher? searcher;
    private readonly SearcherManager? owner;
    private bool disposed;

    internal TermStatisticsView(IndexSearcher? searcher, SearcherManager? owner)
    {
        this.searcher = searcher;
        this.owner = owner;
    }

    /// <summary>Number of chunks in the view.</summary>
    public int DocCount => searcher?.IndexReader.NumDocs ?? 0;

    /// <summary>Number of chunks containing a term in a field.</summary>
    public int DocFreq(string field, string term)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return searcher?.IndexReader.DocFreq(new Term(field, term)) ?? 0;
    }

    public void Dispose()
    {
        if (!disposed && searcher is not null)
        {
            owner!.Release(searcher);
        }

        disposed = true;
    }
}
