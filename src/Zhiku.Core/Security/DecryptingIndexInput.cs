using Lucene.Net.Store;

namespace Zhiku.Core.Security;

/// <summary>
/// A Lucene input over a <see cref="BlockFormat"/> file in the inner directory: random access by block, each
/// block authenticated when it is read. Clones and slices share the file and its immutable facts and have their
/// own position and block buffer (Lucene uses clones from many threads at once).
/// </summary>
internal sealed class DecryptingIndexInput : IndexInput
{
    private readonly IndexInput _inner;
    private readonly SealedFile _file;
    private readonly long _sliceOffset;
    private readonly long _sliceLength;
    private readonly bool _isClone;
    // The ciphertext of a block is needed only inside Load: one buffer per thread, not one per clone (Lucene makes
    // many short-lived clones per query).
    [ThreadStatic]
    private static byte[]? _stored;

    private byte[] _block = []; // the current decrypted block, shared read-only with clones and the file's cache
    private long _blockIndex = -1;
    private long _blockStart;
    private int _blockLength;
    private long _position;

    public DecryptingIndexInput(string description, IndexInput inner, SealedFile file)
        : this(description, inner, file, 0, file.Length, isClone: false)
    {
    }

    private DecryptingIndexInput(string description, IndexInput inner, SealedFile file, long sliceOffset, long sliceLength, bool isClone)
        : base(description)
    {
        _inner = inner;
        _file = file;
        _sliceOffset = sliceOffset;
        _sliceLength = sliceLength;
        _isClone = isClone;
    }

    public override long Length => _sliceLength;

    public override long Position => _position;

    public override void Seek(long pos)
    {
        if (pos < 0 || pos > _sliceLength)
        {
            throw new EndOfStreamException($"seek past EOF ({pos} of {_sliceLength}): {this}");
        }

        _position = pos;
    }

    public override byte ReadByte()
    {
        EnsureReadable(1);
        long absolute = _sliceOffset + _position;
        if (absolute < _blockStart || absolute >= _blockStart + _blockLength || _blockIndex < 0)
        {
            Load(absolute / BlockFormat.BlockSize);
        }

        _position++;
        return _block[absolute - _blockStart];
    }

    public override void ReadBytes(byte[] b, int offset, int len)
    {
        EnsureReadable(len);
        while (len > 0)
        {
            long absolute = _sliceOffset + _position;
            if (_blockIndex < 0 || absolute < _blockStart || absolute >= _blockStart + _blockLength)
            {
                Load(absolute / BlockFormat.BlockSize);
            }

            int at = (int)(absolute - _blockStart);
            int n = Math.Min(len, _blockLength - at);
            Buffer.BlockCopy(_block, at, b, offset, n);
            offset += n;
            len -= n;
            _position += n;
        }
    }

    public override object Clone() => CloneAt(_sliceOffset, _sliceLength, ToString()!, _position);

    /// <summary>A view of <paramref name="length"/> bytes from <paramref name="offset"/> (compound files).</summary>
    public DecryptingIndexInput Slice(string description, long offset, long length)
    {
        if (offset < 0 || length < 0 || offset + length > _sliceLength)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"slice {offset}+{length} is outside {this} ({_sliceLength} bytes)");
        }

        return CloneAt(_sliceOffset + offset, length, description, 0);
    }

    protected override void Dispose(bool disposing)
    {
        // Clones are never closed by Lucene and share the inner input; only the original closes it.
        if (disposing && !_isClone)
        {
            _inner.Dispose();
        }
    }

    private DecryptingIndexInput CloneAt(long sliceOffset, long sliceLength, string description, long position)
    {
        var clone = new DecryptingIndexInput(description, (IndexInput)_inner.Clone(), _file, sliceOffset, sliceLength, isClone: true)
        {
            _position = position,
        };
        if (_blockIndex >= 0)
        {
            // Keep the block already decrypted: clones usually read on from where they were made.
            clone._block = _block;
            clone._blockIndex = _blockIndex;
            clone._blockStart = _blockStart;
            clone._blockLength = _blockLength;
        }

        return clone;
    }

    private void EnsureReadable(int count)
    {
        if (_position + count > _sliceLength)
        {
            throw new EndOfStreamException($"read past EOF ({_position}+{count} of {_sliceLength}): {this}");
        }
    }

    private void Load(long index)
    {
        int length = _file.BlockLength(index);
        byte[]? block = _file.Cached(index);
        if (block is null)
        {
            int stored = length + BlockFormat.TagSize;
            byte[] buffer = _stored ??= new byte[BlockFormat.StoredBlockSize];
            _inner.Seek(BlockFormat.StoredOffset(index));
            _inner.ReadBytes(buffer, 0, stored);
            block = new byte[length];
            try
            {
                _file.OpenBlock(index, buffer.AsSpan(0, stored), block);
            }
            catch (InvalidDataException ex)
            {
                _blockIndex = -1;
                throw new Lucene.Net.Index.CorruptIndexException(ex.Message, ex);
            }

            _file.Remember(index, block);
        }

        // Blocks are never written after decryption, so clones and the cache share them.
        _block = block;
        _blockIndex = index;
        _blockStart = index * BlockFormat.BlockSize;
        _blockLength = length;
    }
}
