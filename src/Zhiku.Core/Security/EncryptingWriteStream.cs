namespace Zhiku.Core.Security;

/// <summary>A write-only stream that stores what is written as a <see cref="BlockFormat"/> file; disposing it
/// seals the last block and closes the inner stream.</summary>
internal sealed class EncryptingWriteStream : Stream
{
    private readonly Stream _inner;
    private readonly BlockWriter _writer;
    private bool _disposed;

    public EncryptingWriteStream(Stream inner, BlockKey key)
    {
        _inner = inner;
        _writer = new BlockWriter(key, (buffer, count) => inner.Write(buffer, 0, count));
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_disposed;

    public override long Length => _writer.Position;

    public override long Position
    {
        get => _writer.Position;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => _writer.Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => _writer.Write(buffer);

    public override void WriteByte(byte value) => _writer.Write(value);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    // Only whole sealed blocks reach the inner stream; the open block is sealed on dispose.
    public override void Flush() => _inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            try
            {
                _writer.Complete();
            }
            finally
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        Dispose(true);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
