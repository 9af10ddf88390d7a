namespace Zhiku.Core.Indexing.Vectors;

/// <summary>Keeps the k best (row, score) pairs seen, in O(n log k); ties keep the earlier row.</summary>
internal sealed class TopK
{
    private readonly PriorityQueue<int, (float Score, int Row)> _heap;
    private readonly int _k;

    public TopK(int k)
    {
        _k = k;
        // Min-heap on score; among equal scores the later row is "smaller" so it is evicted first.
        _heap = new PriorityQueue<int, (float, int)>(k + 1, Comparer<(float Score, int Row)>.Create(
            (a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : b.Row.CompareTo(a.Row)));
    }

    public void Offer(int row, float score)
    {
        if (_k == 0)
        {
            return;
        }

        if (_heap.Count < _k)
        {
            _heap.Enqueue(row, (score, row));
        }
        else if (_heap.TryPeek(out _, out var worst) && (score > worst.Score || (score == worst.Score && row < worst.Row)))
        {
            _heap.DequeueEnqueue(row, (score, row));
        }
    }

    /// <summary>Empties the heap into a best-first list.</summary>
    public List<VectorHit> Drain(Func<int, long> idOf)
    {
        var hits = new VectorHit[_heap.Count];
        for (int i = hits.Length - 1; i >= 0; i--)
        {
            _heap.TryDequeue(out int row, out var priority);
            hits[i] = new VectorHit(idOf(row), priority.Score);
        }

        return [.. hits];
    }
}
