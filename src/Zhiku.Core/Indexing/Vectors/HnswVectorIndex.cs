using Zhiku.Core.Security;

namespace Zhiku.Core.Indexing.Vectors;

/// <summary>
/// Approximate cosine search with an HNSW graph (USearch). Capacity is reserved in doubling steps, writes take an
/// exclusive lock, and searches run one at a time: USearch keeps per-thread search contexts that the C API does not let
/// a caller choose, so concurrent searches are serialized to be safe. An HNSW search takes about a millisecond here,
/// so one at a time costs little; the test compares concurrent with sequential results.
/// </summary>
public sealed class HnswVectorIndex : IVectorIndex
{
    internal const string DataFile = "index.usearch";

    /// <summary>The chunk ids, beside the graph: USearch cannot list its keys.</summary>
    internal const string KeysFile = "index.keys";

    private readonly ReaderWriterLockSlim _lock = new();
    // One native search at a time: the search is CPU-bound and synchronous, so a plain lock (never held across an await).
    private readonly Lock _searchGate = new();
    private readonly VectorIndexOptions _options;
    private readonly HashSet<long> _keys = [];
    private IntPtr _index;
    private int _expansionSearch;

    public HnswVectorIndex(VectorSpace space, VectorIndexOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(space.Dimensions);
        Space = space;
        _options = options ?? VectorIndexOptions.Default;
        _index = UsearchNative.Create(space.Dimensions, _options.Connectivity, _options.ExpansionAdd, _options.ExpansionSearch);
        _expansionSearch = _options.ExpansionSearch;
    }

    public VectorSpace Space { get; }

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return (int)UsearchNative.Size(Handle);
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Bytes the native index uses (graph plus vectors).</summary>
    public long MemoryBytes => UsearchNative.MemoryUsage(Handle);

    public void Upsert(IReadOnlyList<long> chunkIds, IReadOnlyList<ReadOnlyMemory<float>> vectors)
    {
        VectorArguments.Check(Space, chunkIds, vectors);
        _lock.EnterWriteLock();
        try
        {
            long needed = UsearchNative.Size(Handle) + chunkIds.Count;
            long capacity = UsearchNative.Capacity(Handle);
            if (needed > capacity)
            {
                UsearchNative.Reserve(Handle, Math.Max(needed, Math.Max(1024, capacity * 2)));
            }

            // USearch refuses duplicate keys, so a replacement is a remove plus an add.
            foreach (long id in chunkIds)
            {
                if (UsearchNative.Contains(Handle, id))
                {
                    UsearchNative.Remove(Handle, id);
                }
            }

            _keys.UnionWith(chunkIds);

            // Graph construction is the expensive part of ingestion; USearch supports concurrent adds with one
            // context per hardware thread, so bulk loads use every core (never more than ProcessorCount workers).
            int workers = chunkIds.Count >= 512 ? Environment.ProcessorCount : 1;
            var handle = Handle;
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
            {
                var buffer = new float[Space.Dimensions];
                for (int i = worker; i < chunkIds.Count; i += workers)
                {
                    vectors[i].Span.CopyTo(buffer);
                    UsearchNative.Add(handle, chunkIds[i], buffer);
                }
            });
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public bool Remove(long chunkId)
    {
        _lock.EnterWriteLock();
        try
        {
            _keys.Remove(chunkId);
            return UsearchNative.Remove(Handle, chunkId);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public bool Contains(long chunkId)
    {
        _lock.EnterReadLock();
        try
        {
            return UsearchNative.Contains(Handle, chunkId);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyCollection<long> ChunkIds()
    {
        _lock.EnterReadLock();
        try
        {
            return [.. _keys];
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Copies out every (id, vector) pair as the graph stores it (normalised by the cosine metric's use).</summary>
    internal IReadOnlyList<(long ChunkId, ReadOnlyMemory<float> Vector)> Export()
    {
        _lock.EnterReadLock();
        try
        {
            var pairs = new List<(long, ReadOnlyMemory<float>)>(_keys.Count);
            foreach (long id in _keys.Order())
            {
                var vector = new float[Space.Dimensions];
                if (UsearchNative.Get(Handle, id, vector))
                {
                    pairs.Add((id, vector));
                }
            }

            return pairs;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int k)
    {
        VectorArguments.CheckQuery(Space, query);
        if (k <= 0)
        {
            return [];
        }

        float[] q = query.ToArray();
        var keys = new ulong[k];
        var distances = new float[k];
        if (k > Volatile.Read(ref _expansionSearch))
        {
            // ef below k cannot return k results. Rare (k is usually tens); the wider setting is kept.
            _lock.EnterWriteLock();
            try
            {
                UsearchNative.SetExpansionSearch(Handle, k);
                _expansionSearch = Math.Max(_expansionSearch, k);
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }

        using Lock.Scope searching = _searchGate.EnterScope();
        _lock.EnterReadLock();
        try
        {
            int found = UsearchNative.Search(Handle, q, k, keys, distances);
            var hits = new List<VectorHit>(found);
            for (int i = 0; i < found; i++)
            {
                // Cosine distance is 1 - cosine similarity.
                hits.Add(new VectorHit(unchecked((long)keys[i]), 1f - distances[i]));
            }

            return hits;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public async Task SaveAsync(string folder, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, DataFile);
        string temp = path + ".tmp";
        int count;
        _lock.EnterReadLock();
        try
        {
            count = (int)UsearchNative.Size(Handle);
            if (_options.Files.IsEnabled)
            {
                using Stream output = _options.Files.Create(temp);
                UsearchNative.Save(Handle, output);
            }
            else
            {
                UsearchNative.Save(Handle, temp);
            }

            WriteKeys(Path.Combine(folder, KeysFile), _keys, _options.Files);
        }
        finally
        {
            _lock.ExitReadLock();
        }

        File.Move(temp, path, overwrite: true);
        await VectorIndexManifest.For(VectorIndexManifest.HnswEngine, Space, count).WriteAsync(folder, cancellationToken).ConfigureAwait(false);
        VectorIndexStore.DeleteOtherEngineFiles(folder, VectorIndexManifest.HnswEngine);
    }

    public void Dispose()
    {
        if (_index != IntPtr.Zero)
        {
            UsearchNative.Free(_index);
            _index = IntPtr.Zero;
        }

        _lock.Dispose();
    }

    /// <summary>Loads <see cref="DataFile"/> into memory; the caller has already checked the manifest's space.</summary>
    internal static HnswVectorIndex Load(string folder, VectorSpace space, VectorIndexOptions? options)
    {
        string path = Path.Combine(folder, DataFile);
        if (!File.Exists(path))
        {
            throw VectorIndexManifest.Corrupt(path, "data file missing", null);
        }

        var index = new HnswVectorIndex(space, options);
        try
        {
            if (index._options.Files.IsEnabled)
            {
                using Stream input = index._options.Files.OpenRead(path);
                UsearchNative.Load(index.Handle, input);
            }
            else
            {
                UsearchNative.Load(index.Handle, path);
            }

            index._keys.UnionWith(ReadKeys(Path.Combine(folder, KeysFile), index._options.Files));
            UsearchNative.SetExpansionSearch(index.Handle, index._options.ExpansionSearch);
            return index;
        }
        catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException)
        {
            index.Dispose();
            throw VectorIndexManifest.Corrupt(path, ex.Message, ex);
        }
    }

    private static void WriteKeys(string path, HashSet<long> keys, IAtRestEncryption files)
    {
        string temp = path + ".tmp";
        using (var writer = new BinaryWriter(files.Create(temp)))
        {
            writer.Write(keys.Count);
            foreach (long key in keys)
            {
                writer.Write(key);
            }
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The saved key list; empty when a graph was saved without one (its stale vectors then stay until a rebuild).</summary>
    private static long[] ReadKeys(string path, IAtRestEncryption files)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var reader = new BinaryReader(files.OpenRead(path));
        int count = reader.ReadInt32();
        if (count < 0 || reader.BaseStream.Length != 4 + 8L * count)
        {
            throw VectorIndexManifest.Corrupt(path, "key list truncated", null);
        }

        var keys = new long[count];
        for (int i = 0; i < count; i++)
        {
            keys[i] = reader.ReadInt64();
        }

        return keys;
    }

    private IntPtr Handle => _index != IntPtr.Zero ? _index : throw new ObjectDisposedException(nameof(HnswVectorIndex));
}
