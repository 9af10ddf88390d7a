using System.IO.Hashing;
using Lucene.Net.Store;

namespace Zhiku.Core.Security;

/// <summary>A Lucene output that writes its file as <see cref="BlockFormat"/> blocks into an output of the inner
/// directory. <see cref="Checksum"/> is the CRC-32 of the plaintext, as Lucene's codec footers expect.</summary>
internal sealed class EncryptingIndexOutput : IndexOutput
{
    private readonly IndexOutput _inner;
    private readonly BlockWriter _writer;
    private readonly Crc32 _crc = new();
    private bool _disposed;

    public EncryptingIndexOutput(IndexOutput inner, BlockKey key)
    {
        _inner = inner;
        _writer = new BlockWriter(key, (buffer, count) => inner.WriteBytes(buffer, 0, count));
    }

    public override long Position => _writer.Position;

    public override long Checksum => _crc.GetCurrentHashAsUInt32();

    public override long Length => _writer.Position;

    public override void WriteByte(byte b)
    {
        _crc.Append([b]);
        _writer.Write(b);
    }

    public override void WriteBytes(byte[] b, int offset, int length)
    {
        ReadOnlySpan<byte> data = b.AsSpan(offset, length);
        _crc.Append(data);
        _writer.Write(data);
    }

    // Only whole sealed blocks reach the inner output; Lucene reads a file only after it is closed.
    public override void Flush() => _inner.Flush();

    [Obsolete("Lucene 4.8 does not seek outputs; not supported on encrypted files.")]
    public override void Seek(long pos) => throw new NotSupportedException("encrypted index outputs are append-only");

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
    }
}
