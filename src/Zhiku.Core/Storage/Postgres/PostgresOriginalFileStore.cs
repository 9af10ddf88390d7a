using Npgsql;
using NpgsqlTypes;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>
/// Original files in PostgreSQL (tables <c>originals</c> and <c>original_chunks</c>, made by
/// <see cref="PostgresMigrations"/>), so every node can ingest and serve every upload. A file is a row and its bytes are
/// 1 MiB <c>bytea</c> chunks, each sealed with AES-GCM under the store key (bound to the row and the chunk number) when
/// the database has one. A put streams chunk by chunk inside one transaction and gives the row its key only at the
/// end, replacing the key's previous row: until the commit nothing is visible, and a failed or cancelled put rolls back
/// and leaves nothing. A read fetches one chunk at a time (<see cref="PostgresOriginalStream"/>).
/// </summary>
public sealed class PostgresOriginalFileStore : IOriginalFileStore
{
    /// <summary>Bytes of the file per chunk row (the last one may be shorter).</summary>
    internal const int ChunkSize = 1 << 20;

    private readonly PostgresDatabase _database;

    /// <summary>The originals of an open database.</summary>
    public PostgresOriginalFileStore(PostgresDatabase database)
    {
        _database = database;
    }

    /// <summary>Source paths of these originals are <c>zhiku-original:KEY</c>: the same on every node, never a local path.</summary>
    public string SourceRoot => "zhiku-original:";

    /// <inheritdoc/>
    public Task<long?> PutAsync(string key, Stream content, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        OriginalKeys.Check(key);
        return PostgresFailures.RunAsync<long?>("store an original file", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            long id;
            await using (NpgsqlCommand insert = PostgresDatabase.Command(connection, transaction,
                "INSERT INTO originals(key, length, chunk_size, created_at) VALUES(NULL, 0, @c, @now) RETURNING id;", ("c", ChunkSize), ("now", PostgresDatabase.Now())))
            {
                id = (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }

            byte[] buffer = new byte[ChunkSize];
            long size = 0;
            await using NpgsqlCommand chunk = new("INSERT INTO original_chunks(original_id, n, data) VALUES(@id, @n, @d);", connection, transaction);
            chunk.Parameters.Add(new NpgsqlParameter<long>("id", id));
            var number = new NpgsqlParameter<int>("n", 0);
            var data = new NpgsqlParameter<ReadOnlyMemory<byte>>("d", NpgsqlDbType.Bytea);
            chunk.Parameters.Add(number);
            chunk.Parameters.Add(data);
            for (int n = 0; ; n++)
            {
                int read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                size += read;
                if (size > maxBytes)
                {
                    // Rolled back when the transaction is disposed: nothing of it stays.
                    return null;
                }

                number.TypedValue = n;
                data.TypedValue = _database.Cipher is { } cipher
                    ? cipher.Encrypt(buffer.AsSpan(0, read), ChunkContext(id, n))
                    : buffer.AsMemory(0, read);
                await chunk.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                if (read < buffer.Length)
                {
                    break;
                }
            }

            // Two puts of one key at once: the second waits here and then replaces the first, as a rename would.
            await LockKeyAsync(connection, transaction, key, cancellationToken).ConfigureAwait(false);
            await PostgresDatabase.ExecuteAsync(connection, transaction, "DELETE FROM originals WHERE key = @k;", cancellationToken, ("k", key)).ConfigureAwait(false);
            await PostgresDatabase.ExecuteAsync(connection, transaction, "UPDATE originals SET key = @k, length = @l WHERE id = @id;", cancellationToken,
                ("k", key), ("l", size), ("id", id)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return size;
        });
    }

    /// <inheritdoc/>
    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        OriginalKeys.Check(key);
        return PostgresFailures.RunAsync<Stream?>("read an original file", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, "SELECT id, length, chunk_size FROM originals WHERE key = @k;", ("k", key));
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new PostgresOriginalStream(_database, key, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2))
                : null;
        });
    }

    /// <inheritdoc/>
    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        OriginalKeys.Check(key);
        return PostgresFailures.RunAsync("read an original file", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, "SELECT 1 FROM originals WHERE key = @k;", ("k", key));
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
        });
    }

    /// <inheritdoc/>
    public Task<bool> MoveAsync(string fromKey, string toKey, CancellationToken cancellationToken = default)
    {
        OriginalKeys.Check(fromKey);
        OriginalKeys.Check(toKey);
        return PostgresFailures.RunAsync("move an original file", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (fromKey == toKey)
            {
                await using NpgsqlCommand exists = PostgresDatabase.Command(connection, transaction, "SELECT 1 FROM originals WHERE key = @k;", ("k", fromKey));
                return await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
            }

            await LockKeyAsync(connection, transaction, toKey, cancellationToken).ConfigureAwait(false);
            await using (NpgsqlCommand source = PostgresDatabase.Command(connection, transaction, "SELECT id FROM originals WHERE key = @k FOR UPDATE;", ("k", fromKey)))
            {
                if (await source.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not long id)
                {
                    return false;
                }

                await PostgresDatabase.ExecuteAsync(connection, transaction, "DELETE FROM originals WHERE key = @k;", cancellationToken, ("k", toKey)).ConfigureAwait(false);
                await PostgresDatabase.ExecuteAsync(connection, transaction, "UPDATE originals SET key = @k WHERE id = @id;", cancellationToken, ("k", toKey), ("id", id))
                    .ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        });
    }

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        OriginalKeys.Check(key);
        return PostgresFailures.RunAsync("delete an original file", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await PostgresDatabase.ExecuteAsync(connection, null, "DELETE FROM originals WHERE key = @k;", cancellationToken, ("k", key))
                .ConfigureAwait(false) > 0;
        });
    }

    /// <inheritdoc/>
    public Task<int> DeleteFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        OriginalKeys.Check(folder);
        return PostgresFailures.RunAsync("delete original files", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await PostgresDatabase.ExecuteAsync(connection, null, @"DELETE FROM originals WHERE key LIKE @p ESCAPE '\';", cancellationToken, ("p", LikePrefix(folder + "/")))
                .ConfigureAwait(false);
        });
    }

    /// <summary>The associated data a chunk is sealed with: a chunk copied to another row or place fails to open.</summary>
    internal static byte[] ChunkContext(long id, int n) =>
        System.Text.Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"zhiku-original:{id}:{n}"));

    private static string LikePrefix(string prefix) =>
        prefix.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";

    private static Task<int> LockKeyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string key, CancellationToken cancellationToken) =>
        PostgresDatabase.ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtextextended('zhiku-original:' || @k, 0));", cancellationToken, ("k", key));
}
