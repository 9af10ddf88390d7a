using System.Numerics.Tensors;
using Zhiku.Core.Security;

namespace Zhiku.Core.Indexing.Vectors;

/// <summary>
/// Brute-force cosine search: normalised vectors in one contiguous float array, scored with
/// <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>, top-k by a bounded heap. Exact, and
/// fast enough below <see cref="VectorIndexOptions.ExactThreshold"/> vectors.
/// </summary>
public sealed class ExactVectorIndex : IVectorIndex
{
    internal const string DataFile = "vectors.bin";
    private const int Magic = 0x31564B5A; // "ZKV1"

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly Dictionary<long, int> _slots = [];
    private readonly int _dims;
    private float[] _data;
    private long[] _ids;
    private int _count;

    public ExactVectorIndex(VectorSpace space, int initialCapacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(space.Dimensions);
        Space = space;
        _dims = space.Dimensions;
        initialCapacity = Math.Max(16, initialCapacity);
        _data = new float[(long)initialCapacity * _dims];
        _ids = new long[initialCapacity];
    }

    public VectorSpace Space { get; }

    /// <summary>How <see cref="SaveAsync"/> writes the data file (encrypted under the store key, or plain).</summary>
    public IAtRestEncryption Files { get; init; } = PlainStorage.Instance;

    public int Count => _count;

    public void Upsert(IReadOnlyList<long> chunkIds, IReadOnlyList<ReadOnlyMemory<float>> vectors)
    {
        VectorArguments.Check(Space, chunkIds, vectors);
        _lock.EnterWriteLock();
        try
        {
            EnsureCapacity(_count + chunkIds.Count);
            for (int i = 0; i < chunkIds.Count; i++)
            {
                if (!_slots.TryGetValue(chunkIds[i], out int slot))
                {
                    slot = _count++;
                    _slots[chunkIds[i]] = slot;
                    _ids[slot] = chunkIds[i];
                }

                var target = _data.AsSpan(slot * _dims, _dims);
                vectors[i].Span.CopyTo(target);
                float norm = TensorPrimitives.Norm(target);
                if (norm > 0)
                {
                    TensorPrimitives.Divide(target, norm, target);
                }
            }
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
            if (!_slots.Remove(chunkId, out int slot))
            {
                return false;
            }

            // Move the last row into the hole so storage stays contiguous.
            int last = --_count;
            if (slot != last)
            {
                _data.AsSpan(last * _dims, _dims).CopyTo(_data.AsSpan(slot * _dims, _dims));
                _ids[slot] = _ids[last];
                _slots[_ids[slot]] = slot;
            }

            return true;
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
            return _slots.ContainsKey(chunkId);
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
            return _ids.AsSpan(0, _count).ToArray();
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

        Span<float> q = query.Length <= 4096 ? stackalloc float[query.Length] : new float[query.Length];
        query.CopyTo(q);
        float norm = TensorPrimitives.Norm(q);
        if (norm > 0)
        {
            TensorPrimitives.Divide(q, norm, q);
        }

        _lock.EnterReadLock();
        try
        {
            var top = new TopK(Math.Min(k, _count));
            var data = _data.AsSpan();
            for (int row = 0; row < _count; row++)
            {
                top.Offer(row, TensorPrimitives.Dot(q, data.Slice(row * _dims, _dims)));
            }

            return top.Drain(row => _ids[row]);
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
            count = _count;
            using Stream stream = Files.Create(temp);
            using var writer = new BinaryWriter(stream);
            writer.Write(Magic);
            writer.Write(_dims);
            writer.Write(count);
            foreach (long id in _ids.AsSpan(0, count))
            {
                writer.Write(id);
            }

            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_data.AsSpan(0, count * _dims)));
        }
        finally
        {
            _lock.ExitReadLock();
        }

        File.Move(temp, path, overwrite: true);
        await VectorIndexManifest.For(VectorIndexManifest.ExactEngine, Space, count).WriteAsync(folder, cancellationToken).ConfigureAwait(false);
        VectorIndexStore.DeleteOtherEngineFiles(folder, VectorIndexManifest.ExactEngine);
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>Loads <see cref="DataFile"/>; the caller has already checked the manifest's space.</summary>
    internal static ExactVectorIndex Load(string folder, VectorSpace space, IAtRestEncryption files)
    {
        string path = Path.Combine(folder, DataFile);
        if (!File.Exists(path))
        {
            throw VectorIndexManifest.Corrupt(path, "data file missing", null);
        }

        try
        {
            return Read(path, space, files);
        }
        catch (InvalidDataException ex)
        {
            throw VectorIndexManifest.Corrupt(path, ex.Message, ex);
        }
    }

    private static ExactVectorIndex Read(string path, VectorSpace space, IAtRestEncryption files)
    {

        using Stream stream = files.OpenRead(path);
        using var reader = new BinaryReader(stream);
        if (stream.Length < 12 || reader.ReadInt32() != Magic || reader.ReadInt32() != space.Dimensions)
        {
            throw VectorIndexManifest.Corrupt(path, "bad header", null);
        }

        int count = reader.ReadInt32();
        if (count < 0 || stream.Length != 12 + (long)count * 8 + (long)count * space.Dimensions * 4)
        {
            throw VectorIndexManifest.Corrupt(path, "truncated", null);
        }

        var index = new ExactVectorIndex(space, count) { Files = files };
        for (int i = 0; i < count; i++)
        {
            long id = reader.ReadInt64();
            index._ids[i] = id;
            index._slots[id] = i;
        }

        reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(index._data.AsSpan(0, count * space.Dimensions)));
        index._count = count;
        return index;
    }

    /// <summary>Copies out every (id, vector) pair; used when switching to HNSW.</summary>
    internal (long[] Ids, ReadOnlyMemory<float>[] Vectors) Snapshot()
    {
        _lock.EnterReadLock();
        try
        {
            var ids = _ids.AsSpan(0, _count).ToArray();
            var vectors = new ReadOnlyMemory<float>[_count];
            var copy = _data.AsSpan(0, _count * _dims).ToArray();
            for (int i = 0; i < _count; i++)
            {
                vectors[i] = copy.AsMemory(i * _dims, _dims);
            }

            return (ids, vectors);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _ids.Length)
        {
            return;
        }

        int capacity = Math.Max(needed, _ids.Length * 2);
        Array.Resize(ref _ids, capacity);
        Array.Resize(ref _data, capacity * _dims);
    }
}
