using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Zhiku.Core.Indexing;

/// <summary>
/// Term statistics from one acquired reader of a <see cref="FullTextIndex"/>: every lookup sees the same view, and
/// none re-acquires. Not thread-safe; dispose it to release the reader. An index without a commit answers zeros.
/// </summary>
public sealed class TermStatisticsView : IDisposable
{
    private readonly IndexSearcher? _searcher;
    private readonly SearcherManager? _owner;
    private bool _disposed;

    internal TermStatisticsView(IndexSearcher? searcher, SearcherManager? owner)
    {
        this._searcher = searcher;
        this._owner = owner;
    }

    /// <summary>Number of chunks in the view.</summary>
    public int DocCount => _searcher?.IndexReader.NumDocs ?? 0;

    /// <summary>Number of chunks containing a term in a field.</summary>
    public int DocFreq(string field, string term)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _searcher?.IndexReader.DocFreq(new Term(field, term)) ?? 0;
    }

    public void Dispose()
    {
        if (!_disposed && _searcher is not null)
        {
            _owner!.Release(_searcher);
        }

        _disposed = true;
    }
}
