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

    /// <summary>BM25-style inverse document frequency of a term in a field: ln(1 + (N − df + 0.5) / (df + 0.5)), with
    /// N the chunks in the view and df those holding the term.</summary>
    public double InverseDocumentFrequency(string field, string term) => Idf(DocFreq(field, term), DocCount);

    /// <summary>The IDF of <see cref="InverseDocumentFrequency"/> from its two counts.</summary>
    internal static double Idf(int docFreq, int docCount) => Math.Log(1 + (docCount - docFreq + 0.5) / (docFreq + 0.5));

    public void Dispose()
    {
        if (!_disposed && _searcher is not null)
        {
            _owner!.Release(_searcher);
        }

        _disposed = true;
    }
}
