using System.Data;
using Npgsql;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>Chunks and the index backlog in PostgreSQL (tables <c>chunks</c>, <c>documents</c>' <c>indexed</c> flag and
/// <c>index_tombstones</c>, made by <see cref="PostgresMigrations"/>); text, headings and titles are revealed through
/// the database's key, as in the embedded store.</summary>
public sealed class PostgresChunkStore : IChunkStore
{
    private const string ChunkColumns =
        "c.id, c.doc_id, c.ordinal, c.heading, c.page, c.start_offset, c.end_offset, c.text, d.title, d.source_path, d.external_id, d.policy";

    private readonly PostgresDatabase _database;

    /// <summary>The chunk tables of an open database.</summary>
    public PostgresChunkStore(PostgresDatabase database)
    {
        _database = database;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ChunkRecord>> GetAsync(IReadOnlyList<long> chunkIds, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync<IReadOnlyList<ChunkRecord>>("read chunks", async () =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (chunkIds.Count == 0)
            {
                return [];
            }

            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null,
                $"SELECT {ChunkColumns} FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE c.id = ANY(@ids);", ("ids", chunkIds.Distinct().ToArray()));
            var byId = (await ReadChunksAsync(command, cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Id);
            return chunkIds.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<ChunkRecord>> GetOfDocumentsAsync(IReadOnlyCollection<long> docIds, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync<IReadOnlyList<ChunkRecord>>("read the chunks of documents", async () =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (docIds.Count == 0)
            {
                return [];
            }

            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null,
                $"SELECT {ChunkColumns} FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE c.doc_id = ANY(@ids) ORDER BY c.doc_id, c.ordinal;",
                ("ids", docIds.ToArray()));
            return await ReadChunksAsync(command, cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<long>> ListIdsAsync(long kbId, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync<IReadOnlyList<long>>("list chunk ids", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await ReadIdsAsync(connection, null,
                "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE d.kb_id = @kb ORDER BY c.id;", kbId, cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<IndexBacklog> GetBacklogAsync(long kbId, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("read the index backlog", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            // One snapshot for both reads: a writer committing between them cannot make them disagree (under READ
            // COMMITTED each statement would see its own).
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken)
                .ConfigureAwait(false);
            List<long> pending = await ReadIdsAsync(connection, transaction,
                "SELECT id FROM documents WHERE kb_id = @kb AND NOT indexed ORDER BY id;", kbId, cancellationToken).ConfigureAwait(false);
            List<long> tombstones = await ReadIdsAsync(connection, transaction,
                "SELECT doc_id FROM index_tombstones WHERE kb_id = @kb ORDER BY doc_id;", kbId, cancellationToken).ConfigureAwait(false);
            return new IndexBacklog(pending, tombstones);
        });

    /// <inheritdoc/>
    public Task MarkIndexedAsync(long kbId, IReadOnlyCollection<long> indexedDocIds, IReadOnlyCollection<long> appliedTombstones,
        CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("mark documents indexed", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (indexedDocIds.Count > 0)
            {
                await PostgresDatabase.ExecuteAsync(connection, transaction, "UPDATE documents SET indexed = true WHERE kb_id = @kb AND id = ANY(@ids);",
                    cancellationToken, ("kb", kbId), ("ids", indexedDocIds.ToArray())).ConfigureAwait(false);
            }

            if (appliedTombstones.Count > 0)
            {
                await PostgresDatabase.ExecuteAsync(connection, transaction, "DELETE FROM index_tombstones WHERE kb_id = @kb AND doc_id = ANY(@ids);",
                    cancellationToken, ("kb", kbId), ("ids", appliedTombstones.ToArray())).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<int> MarkAllUnindexedAsync(long kbId, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("mark documents for reindexing", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            // Every document counts, also those already waiting, as in the embedded store.
            return await PostgresDatabase.ExecuteAsync(connection, null, "UPDATE documents SET indexed = false WHERE kb_id = @kb;", cancellationToken,
                ("kb", kbId)).ConfigureAwait(false);
        });

    private static async Task<List<long>> ReadIdsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, long kbId,
        CancellationToken cancellationToken)
    {
        await using NpgsqlCommand command = PostgresDatabase.Command(connection, transaction, sql, ("kb", kbId));
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<long>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private async Task<List<ChunkRecord>> ReadChunksAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<ChunkRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new ChunkRecord(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), _database.Reveal(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), _database.Reveal(reader.GetString(7)),
                _database.Reveal(reader.GetString(8)), NullableString(reader, 9), NullableString(reader, 10))
            {
                Policy = NullableString(reader, 11),
            });
        }

        return list;
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
