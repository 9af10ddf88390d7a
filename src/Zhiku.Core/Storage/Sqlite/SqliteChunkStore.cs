using Microsoft.Data.Sqlite;

namespace Zhiku.Core.Storage.Sqlite;

/// <summary>Chunks and the index backlog in the store's SQLite file (tables <c>chunks</c>, <c>documents</c>'
/// <c>indexed</c> flag and <c>index_tombstones</c>, created by the store's migrations).</summary>
public sealed class SqliteChunkStore : IChunkStore
{
    /// <summary>Documents not yet in the indexes (answered from the partial index <c>documents_unindexed</c>).</summary>
    internal const string BacklogQuery = "SELECT id FROM documents WHERE kb_id = $kb AND indexed = 0 ORDER BY id;";

    private const string ChunkColumns =
        "c.id, c.doc_id, c.ordinal, c.heading, c.page, c.start_offset, c.end_offset, c.text, d.title, d.source_path, d.external_id, d.policy";

    private readonly MetadataStore _metadata;

    /// <summary>The chunk tables of a store (made by <see cref="MetadataStore.Open"/>); text is revealed through its key.</summary>
    public SqliteChunkStore(MetadataStore metadata)
    {
        this._metadata = metadata;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ChunkRecord>> GetAsync(IReadOnlyList<long> chunkIds, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync<IReadOnlyList<ChunkRecord>>("read chunks", async () =>
        {
            if (chunkIds.Count == 0)
            {
                return [];
            }

            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"SELECT {ChunkColumns} FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE c.id IN ({string.Join(',', chunkIds)});";
            var byId = (await ReadChunksAsync(command, cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Id);
            return chunkIds.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<ChunkRecord>> GetOfDocumentsAsync(IReadOnlyCollection<long> docIds, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync<IReadOnlyList<ChunkRecord>>("read the chunks of documents", async () =>
        {
            if (docIds.Count == 0)
            {
                return [];
            }

            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText =
                $"SELECT {ChunkColumns} FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE c.doc_id IN ({string.Join(',', docIds)}) ORDER BY c.doc_id, c.ordinal;";
            return await ReadChunksAsync(command, cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<long>> ListIdsAsync(long kbId, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync<IReadOnlyList<long>>("list chunk ids", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await ReadIdsAsync(connection, null,
                "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE d.kb_id = $kb ORDER BY c.id;", kbId, cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<IndexBacklog> GetBacklogAsync(long kbId, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("read the index backlog", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            // One read transaction: a writer between the two reads cannot make them disagree.
            using SqliteTransaction transaction = connection.BeginTransaction(deferred: true);
            List<long> pending = await ReadIdsAsync(connection, transaction, BacklogQuery, kbId, cancellationToken).ConfigureAwait(false);
            List<long> tombstones = await ReadIdsAsync(connection, transaction,
                "SELECT doc_id FROM index_tombstones WHERE kb_id = $kb ORDER BY doc_id;", kbId, cancellationToken).ConfigureAwait(false);
            return new IndexBacklog(pending, tombstones);
        });

    /// <inheritdoc/>
    public Task MarkIndexedAsync(long kbId, IReadOnlyCollection<long> indexedDocIds, IReadOnlyCollection<long> appliedTombstones,
        CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("mark documents indexed", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteTransaction transaction = connection.BeginTransaction();
            foreach (long id in indexedDocIds)
            {
                await SqliteDatabase.ExecuteAsync(connection, transaction, "UPDATE documents SET indexed = 1 WHERE id = $id AND kb_id = $kb;", cancellationToken,
                    ("$id", id), ("$kb", kbId)).ConfigureAwait(false);
            }

            foreach (long id in appliedTombstones)
            {
                await SqliteDatabase.ExecuteAsync(connection, transaction, "DELETE FROM index_tombstones WHERE kb_id = $kb AND doc_id = $id;",
                    cancellationToken, ("$kb", kbId), ("$id", id)).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();
        });

    /// <inheritdoc/>
    public Task<int> MarkAllUnindexedAsync(long kbId, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("mark documents for reindexing", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await SqliteDatabase.ExecuteAsync(connection, null, "UPDATE documents SET indexed = 0 WHERE kb_id = $kb;", cancellationToken,
                ("$kb", kbId)).ConfigureAwait(false);
        });

    private static async Task<List<long>> ReadIdsAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, long kbId,
        CancellationToken cancellationToken)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$kb", kbId);
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<long>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private async Task<List<ChunkRecord>> ReadChunksAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<ChunkRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new ChunkRecord(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), _metadata.Reveal(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), _metadata.Reveal(reader.GetString(7)),
                _metadata.Reveal(reader.GetString(8)), NullableString(reader, 9), NullableString(reader, 10))
            {
                Policy = NullableString(reader, 11),
            });
        }

        return list;
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
