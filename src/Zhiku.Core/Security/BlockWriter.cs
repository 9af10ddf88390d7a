namespace Zhiku.Core.Security;

/// <summary>
/// Writes plaintext as a <see cref="BlockFormat"/> file to a sink, sequentially. A full block is sealed only when
/// more data arrives, so the block <see cref="Complete"/> seals is always the marked last one.
/// </summary>
internal sealed class BlockWriter
{
    private readonly BlockKey _key;
    private readonly Action<byte[], int> _sink;
    private readonly byte[] _header;
    private readonly byte[] _block = new byte[BlockFormat.BlockSize];
    private readonly byte[] _sealed = new byte[BlockFormat.StoredBlockSize];
    private int _filled;
    private long _index;
    private bool _completed;

    /// <param name="key">The file key.</param>
    /// <param name="sink">Receives the stored bytes in order (buffer, count); the buffer is reused after the call.</param>
    public BlockWriter(BlockKey key, Action<byte[], int> sink)
    {
        _key = key;
        _sink = sink;
        _header = BlockFormat.NewHeader(key.KeyId);
        sink(_header, _header.Length);
    }

    /// <summary>Plaintext bytes written so far.</summary>
    public long Position => _index * BlockFormat.BlockSize + _filled;

    public void Write(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        while (data.Length > 0)
        {
            if (_filled == BlockFormat.BlockSize)
            {
                SealBlock(last: false);
            }

            int n = Math.Min(data.Length, BlockFormat.BlockSize - _filled);
            data[..n].CopyTo(_block.AsSpan(_filled));
            _filled += n;
            data = data[n..];
        }
    }

    public void Write(byte value)
    {
        if (_filled == BlockFormat.BlockSize)
        {
            SealBlock(last: false);
        }

        _block[_filled++] = value;
    }

    /// <summary>Seals the last block; the file is complete. Later calls do nothing.</summary>
    public void Complete()
    {
        if (!_completed)
        {
            SealBlock(last: true);
            _completed = true;
        }
    }

    private void SealBlock(bool last)
    {
        BlockFormat.Seal(_key.Cipher, _header, _index, last, _block.AsSpan(0, _filled), _sealed);
        _sink(_sealed, _filled + BlockFormat.TagSize);
        _index++;
        _filled = 0;
    }
}
