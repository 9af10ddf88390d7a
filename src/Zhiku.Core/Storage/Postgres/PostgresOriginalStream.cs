using Npgsql;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>
/// Reads an original of <see cref="PostgresOriginalFileStore"/> one chunk at a time (one pooled connection per chunk,
/// so a slow download holds no connection between reads); seekable, so HTTP ranges work. Holds one chunk in memory.
/// An original replaced or deleted while it is being read fails the next chunk with an <see cref="IOException"/>.
/// </summary>
internal sealed class PostgresOriginalStream : Stream
{
    private readonly PostgresDatabase _database;
    private readonly string _key;
    private readonly long _id;
    private readonly long _length;
    private readonly int _chunkSize;
    private byte[] _chunk = [];
    private int _chunkLength;
    private int _loaded = -1;
    private long _position;

    public PostgresOriginalStream(PostgresDatabase database, string key, long id, long length, int chunkSize)
    {
        _database = database;
        _key = key;
        _id = id;
        _length = length;
        _chunkSize = chunkSize;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!Prepare(buffer.Length, out int n))
        {
            return 0;
        }

        if (n != _loaded)
        {
            LoadAsync(n, sync: true, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        return CopyOut(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!Prepare(buffer.Length, out int n))
        {
            return 0;
        }

        if (n != _loaded)
        {
            await LoadAsync(n, sync: false, cancellationToken).ConfigureAwait(false);
        }

        return CopyOut(buffer.Span);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _position = target;
        return target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private bool Prepare(int count, out int n)
    {
        n = (int)(_position / _chunkSize);
        return count > 0 && _position < _length;
    }

    private int CopyOut(Span<byte> buffer)
    {
        int within = (int)(_position - (long)_loaded * _chunkSize);
        int count = Math.Min(buffer.Length, _chunkLength - within);
        _chunk.AsSpan(within, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    // Sync reads (a caller of Stream.Read) use Npgsql's sync calls; async reads never block a thread.
    private async ValueTask LoadAsync(int n, bool sync, CancellationToken cancellationToken)
    {
        try
        {
            await using NpgsqlConnection connection = sync ? _database.Connect() : await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null,
                "SELECT data FROM original_chunks WHERE original_id = @id AND n = @n;", ("id", _id), ("n", n));
            await using NpgsqlDataReader reader = sync
                ? command.ExecuteReader(System.Data.CommandBehavior.SequentialAccess)
                : await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
            if (!(sync ? reader.Read() : await reader.ReadAsync(cancellationToken).ConfigureAwait(false)))
            {
                throw new IOException($"the original file {_key} was replaced or deleted while it was read / 读取期间原始文件已被替换或删除");
            }

            if (_database.Cipher is { } cipher)
            {
                byte[] sealedChunk = sync ? reader.GetFieldValue<byte[]>(0) : await reader.GetFieldValueAsync<byte[]>(0, cancellationToken).ConfigureAwait(false);
                _chunk = cipher.Decrypt(sealedChunk, PostgresOriginalFileStore.ChunkContext(_id, n));
                _chunkLength = _chunk.Length;
            }
            else
            {
                if (_chunk.Length < _chunkSize)
                {
                    _chunk = new byte[_chunkSize];
                }

                // Straight from the connection's buffer into the one chunk buffer: no copy of the chunk per read.
                await using Stream data = reader.GetStream(0);
                _chunkLength = sync
                    ? data.ReadAtLeast(_chunk, _chunkSize, throwOnEndOfStream: false)
                    : await data.ReadAtLeastAsync(_chunk, _chunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            }

            _loaded = n;
        }
        catch (NpgsqlException ex) when (PostgresFailures.IsUnavailable(ex))
        {
            throw new IOException($"the original file {_key} could not be read from the database now: {ex.Message} / 数据库暂时不可用", ex);
        }
    }
}
