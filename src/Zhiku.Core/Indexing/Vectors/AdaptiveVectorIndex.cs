namespace Zhiku.Core.Indexing.Vectors;

/// <summary>
/// The index a knowledge base uses: exact search while it is small, HNSW once it holds more than
/// <see cref="VectorIndexOptions.ExactThreshold"/> vectors. The switch builds the graph beside the exact index
/// (searches keep running) and swaps it in. It does not switch back when chunks are deleted.
/// </summary>
public sealed class AdaptiveVectorIndex : IVectorIndex
{
    private readonly ReaderWriterLockSlim _gate = new();
    private readonly Lock _writes = new();
    private readonly VectorIndexOptions _options;
    private IVectorIndex _inner;

    public AdaptiveVectorIndex(VectorSpace space, VectorIndexOptions? options = null)
        : this(new ExactVectorIndex(space) { Files = (options ?? VectorIndexOptions.Default).Files }, options)
    {
    }

    private AdaptiveVectorIndex(IVectorIndex inner, VectorIndexOptions? options)
    {
        _inner = inner;
        _options = options ?? VectorIndexOptions.Default;
    }

    public VectorSpace Space => _inner.Space;

    public int Count => Read(i => i.Count);

    /// <summary>True once the index has switched to HNSW.</summary>
    public bool IsApproximate => Read(i => i is HnswVectorIndex);

    /// <summary>
    /// Loads a saved index (either engine) or, when the folder holds none, starts an empty one.
    /// </summary>
    /// <exception cref="VectorSpaceMismatchException">The folder holds vectors of another model or dimension.</exception>
    /// <exception cref="ZhikuException">The files are damaged.</exception>
    public static async Task<AdaptiveVectorIndex> OpenAsync(string folder, VectorSpace space,
        VectorIndexOptions? options = null, CancellationToken cancellationToken = default)
    {
        var loaded = await VectorIndexStore.LoadAsync(folder, space, options, cancellationToken).ConfigureAwait(false);
        return new AdaptiveVectorIndex(loaded ?? new ExactVectorIndex(space) { Files = (options ?? VectorIndexOptions.Default).Files }, options);
    }

    public void Upsert(IReadOnlyList<long> chunkIds, IReadOnlyList<ReadOnlyMemory<float>> vectors)
    {
        lock (_writes)
        {
            _inner.Upsert(chunkIds, vectors);
            if (_inner is ExactVectorIndex exact && exact.Count > _options.ExactThreshold)
            {
                SwitchToHnsw(exact);
            }
        }
    }

    public bool Remove(long chunkId)
    {
        lock (_writes)
        {
            return _inner.Remove(chunkId);
        }
    }

    public bool Contains(long chunkId) => Read(i => i.Contains(chunkId));

    public IReadOnlyCollection<long> ChunkIds() => Read(i => i.ChunkIds());

    /// <summary>Every (id, vector) pair, by id (to copy the vectors into another store).</summary>
    internal IReadOnlyList<(long ChunkId, ReadOnlyMemory<float> Vector)> Export() => Read<IReadOnlyList<(long, ReadOnlyMemory<float>)>>(inner => inner switch
    {
        ExactVectorIndex exact => Pairs(exact.Snapshot()),
        HnswVectorIndex hnsw => hnsw.Export(),
        _ => throw new InvalidOperationException("unknown vector engine"),
    });

    public IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int k)
    {
        _gate.EnterReadLock();
        try
        {
            return _inner.Search(query, k);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    public Task SaveAsync(string folder, CancellationToken cancellationToken = default)
    {
        lock (_writes)
        {
            return _inner.SaveAsync(folder, cancellationToken);
        }
    }

    public void Dispose()
    {
        _inner.Dispose();
        _gate.Dispose();
    }

    private void SwitchToHnsw(ExactVectorIndex exact)
    {
        var (ids, vectors) = exact.Snapshot();
        var hnsw = new HnswVectorIndex(exact.Space, _options);
        try
        {
            hnsw.Upsert(ids, vectors);
        }
        catch
        {
            hnsw.Dispose();
            throw;
        }

        _gate.EnterWriteLock();
        try
        {
            _inner = hnsw;
        }
        finally
        {
            _gate.ExitWriteLock();
        }

        exact.Dispose();
    }

    private static List<(long, ReadOnlyMemory<float>)> Pairs((long[] Ids, ReadOnlyMemory<float>[] Vectors) snapshot) =>
        snapshot.Ids.Select((id, i) => (id, snapshot.Vectors[i])).OrderBy(p => p.id).ToList();

    private T Read<T>(Func<IVectorIndex, T> read)
    {
        _gate.EnterReadLock();
        try
        {
            return read(_inner);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }
}
