using Zhiku.Core.Indexing;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Tests.Indexing;

/// <summary>An <see cref="IChunkIndex"/> that holds chunk ids by document and shows only what was committed, so a test
/// sees exactly what a real index would serve after a crash before the commit.</summary>
public sealed class CommittedChunkIndex : IChunkIndex
{
    private Dictionary<long, long[]> _pending = [];
    private Dictionary<long, long[]> _committed = [];

    /// <summary>Set to make the next repair rebuild (as a broken or re-analysed index would).</summary>
    public bool Broken { get; set; }

    /// <summary>The committed chunk ids, ascending.</summary>
    public IReadOnlyList<long> ChunkIds => [.. _committed.Values.SelectMany(ids => ids).Order()];

    public int Clears { get; private set; }

    public bool NeedsRebuild() => Broken;

    public void Clear()
    {
        _pending.Clear();
        Clears++;
    }

    public void RemoveDocuments(IReadOnlyCollection<long> docIds)
    {
        foreach (long id in docIds)
        {
            _pending.Remove(id);
        }
    }

    public void AddChunks(IReadOnlyList<ChunkRecord> chunks)
    {
        foreach (IGrouping<long, ChunkRecord> document in chunks.GroupBy(c => c.DocId))
        {
            _pending[document.Key] = [.. (_pending.TryGetValue(document.Key, out long[]? ids) ? ids : []).Concat(document.Select(c => c.Id))];
        }
    }

    public void Commit()
    {
        _committed = new Dictionary<long, long[]>(_pending);
        Broken = false;
    }
}
