using System.Security.Cryptography;

namespace Zhiku.Core.Tests.Storage;

/// <summary>An upload of <c>length</c> pseudo-random bytes made as it is read (never held whole), hashed as it goes;
/// it can break off (<see cref="FailAt"/>) or call back at a position (<see cref="OnPosition"/>) like a client that
/// goes away.</summary>
internal sealed class GeneratedStream(long length, int seed) : Stream
{
    private readonly Random _random = new(seed);
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _position;
    private bool _called;

    public long? FailAt { get; init; }

    public (long Position, Action Action)? OnPosition { get; init; }

    /// <summary>The SHA-256 of everything read, once it was read to the end.</summary>
    public byte[] Hash => _hash.GetCurrentHash();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (FailAt is { } fail && _position >= fail)
        {
            throw new IOException("the client broke the connection");
        }

        if (OnPosition is { } at && !_called && _position >= at.Position)
        {
            _called = true;
            at.Action();
        }

        int n = (int)Math.Min(buffer.Length, Math.Min(length - _position, 65536));
        _random.NextBytes(buffer[..n]);
        _hash.AppendData(buffer[..n]);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = Read(buffer.Span);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(n);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
