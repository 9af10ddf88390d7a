namespace Zhiku.Core.Security;

/// <summary>A read-only, seekable stream over a <see cref="BlockFormat"/> file; every block is authenticated
/// before any of its bytes are returned.</summary>
internal sealed class DecryptingReadStream : Stream
{
    private readonly Stream _inner;
    private readonly SealedFile _file;
    private readonly byte[] _stored = new byte[BlockFormat.StoredBlockSize];
    private readonly byte[] _block = new byte[BlockFormat.BlockSize];
    private long _blockIndex = -1;
    private long _position;

    /// <param name="inner">The stored file, seekable, positioned anywhere.</param>
    /// <param name="file">Its checked header and length.</param>
    public DecryptingReadStream(Stream inner, SealedFile file)
    {
        _inner = inner;
        _file = file;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _file.Length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int total = 0;
        while (buffer.Length > 0 && _position < _file.Length)
        {
            long index = _position / BlockFormat.BlockSize;
            int length = Load(index);
            int at = (int)(_position - index * BlockFormat.BlockSize);
            int n = Math.Min(buffer.Length, length - at);
            _block.AsSpan(at, n).CopyTo(buffer);
            buffer = buffer[n..];
            _position += n;
            total += n;
        }

        return total;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read(buffer, offset, count));
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _file.Length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Load(long index)
    {
        int length = _file.BlockLength(index);
        if (index != _blockIndex)
        {
            _inner.Position = BlockFormat.StoredOffset(index);
            _inner.ReadExactly(_stored, 0, length + BlockFormat.TagSize);
            _file.OpenBlock(index, _stored.AsSpan(0, length + BlockFormat.TagSize), _block);
            _blockIndex = index;
        }

        return length;
    }
}
