using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Zhiku.Core.Indexing;

/// <summary>
/// Wraps a Lucene collector so a cancelled token stops a running search: checked at every segment and every
/// <see cref="CheckInterval"/> collected documents, it throws <see cref="OperationCanceledException"/> out of
/// <see cref="IndexSearcher.Search(Query, ICollector)"/>. Lucene has no cancellation of its own; its
/// <see cref="TimeLimitingCollector"/> needs a shared timer thread and reports a timeout, not the caller's token.
/// </summary>
internal sealed class CancellingCollector : ICollector
{
    /// <summary>How many collected documents pass between two looks at the token (a power of two).</summary>
    public const int CheckInterval = 1024;

    private readonly ICollector _inner;
    private readonly CancellationToken _cancellationToken;
    private int _collected;

    public CancellingCollector(ICollector inner, CancellationToken cancellationToken)
    {
        _inner = inner;
        _cancellationToken = cancellationToken;
    }

    public bool AcceptsDocsOutOfOrder => _inner.AcceptsDocsOutOfOrder;

    public void SetScorer(Scorer scorer) => _inner.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        _inner.SetNextReader(context);
    }

    public void Collect(int doc)
    {
        if ((++_collected & (CheckInterval - 1)) == 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
        }

        _inner.Collect(doc);
    }
}
