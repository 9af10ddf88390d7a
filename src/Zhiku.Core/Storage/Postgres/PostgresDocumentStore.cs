using Npgsql;
using Zhiku.Core.Access;
using Zhiku.Core.Documents;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>Documents with their text, chunks and pages in PostgreSQL (tables <c>documents</c>, <c>document_texts</c>,
/// <c>chunks</c>, <c>document_pages</c> (one row per page) and <c>index_tombstones</c>, made by
/// <see cref="PostgresMigrations"/>); text is protected and revealed through the database's key, as in SQLite. Every
/// write also records its chunk changes in the change log (<see cref="PostgresChangeLog"/>) as the last statement of its
/// transaction.</summary>
public sealed class PostgresDocumentStore : IDocumentStore
{
    private const string DocumentColumns =
        "id, kb_id, source_path, external_id, record_key, title, format, content_hash, size_bytes, text_chars, chunk_count, policy, indexed, created_at, updated_at, groups";

    private readonly PostgresDatabase _database;

    /// <summary>The document tables of an open database.</summary>
    public PostgresDocumentStore(PostgresDatabase database)
    {
        _database = database;
    }

    /// <inheritdoc/>
    public Task<(IReadOnlyList<long> Removed, IReadOnlyList<long> Added)> ReplaceAsync(long kbId, string sourceKey, IReadOnlyList<NewDocument> documents,
        CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("write documents", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var results = await PostgresDocumentWriter.ReplaceAsync(_database, connection, transaction, kbId, [(sourceKey, documents)], cancellationToken)
                .ConfigureAwait(false);
            await PostgresChangeLog.AppendAsync(connection, transaction, Changes(kbId, [(sourceKey, documents)], results), cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return results[0];
        });

    /// <inheritdoc/>
    public Task ReplaceBatchAsync(long kbId, IReadOnlyList<(string SourceKey, IReadOnlyList<NewDocument> Documents)> batch,
        CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("write documents", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var results = await PostgresDocumentWriter.ReplaceAsync(_database, connection, transaction, kbId, batch, cancellationToken).ConfigureAwait(false);
            await PostgresChangeLog.AppendAsync(connection, transaction, Changes(kbId, batch, results), cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(long kbId, long docId, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("delete a document", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, transaction, """
                WITH gone AS (DELETE FROM documents WHERE id = @id AND kb_id = @kb RETURNING id),
                tombstone AS (INSERT INTO index_tombstones(kb_id, doc_id) SELECT @kb, id FROM gone ON CONFLICT DO NOTHING)
                SELECT count(*) FROM gone;
                """, ("id", docId), ("kb", kbId));
            if ((long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 0)
            {
                return false;
            }

            await PostgresChangeLog.AppendAsync(connection, transaction, [(kbId, docId, ChunkChangeKind.Removed, 0)], cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        });

    /// <summary>The change log's entries for replaced sources, in the order they happened: per source, the removed
    /// documents and then the added ones with their chunk counts.</summary>
    private static List<(long KbId, long DocId, ChunkChangeKind Kind, int Chunks)> Changes(long kbId,
        IReadOnlyList<(string SourceKey, IReadOnlyList<NewDocument> Documents)> batch, IReadOnlyList<(IReadOnlyList<long> Removed, IReadOnlyList<long> Added)> results)
    {
        var changes = new List<(long KbId, long DocId, ChunkChangeKind Kind, int Chunks)>();
        for (int i = 0; i < batch.Count; i++)
        {
            changes.AddRange(results[i].Removed.Select(id => (kbId, id, ChunkChangeKind.Removed, 0)));
            changes.AddRange(results[i].Added.Select((id, n) => (kbId, id, ChunkChangeKind.Added, batch[i].Documents[n].Chunks.Count)));
        }

        return changes;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<DocumentInfo>> ListAsync(long kbId, int limit = 0, CancellationToken cancellationToken = default) =>
        ReadDocumentsAsync("list documents",
            $"SELECT {DocumentColumns} FROM documents WHERE kb_id = @kb ORDER BY id DESC" + (limit > 0 ? " LIMIT @limit;" : ";"),
            cancellationToken, ("kb", kbId), ("limit", limit));

    /// <inheritdoc/>
    public async Task<DocumentInfo?> GetAsync(long kbId, long docId, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<DocumentInfo> found = await ReadDocumentsAsync("read a document", $"SELECT {DocumentColumns} FROM documents WHERE kb_id = @kb AND id = @id;",
            cancellationToken, ("kb", kbId), ("id", docId)).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : null;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<DocumentInfo>> FindBySourceAsync(long kbId, string sourceKey, CancellationToken cancellationToken = default) =>
        ReadDocumentsAsync("find a source's documents",
            $"SELECT {DocumentColumns} FROM documents WHERE kb_id = @kb AND source_path = @key " +
            $"UNION ALL SELECT {DocumentColumns} FROM documents WHERE kb_id = @kb AND source_path IS NULL AND record_key = @key;",
            cancellationToken, ("kb", kbId), ("key", sourceKey));

    /// <inheritdoc/>
    public Task<IReadOnlyList<DocumentInfo>> FindByHashAsync(long kbId, string contentHash, CancellationToken cancellationToken = default) =>
        ReadDocumentsAsync("find documents by content",
            $"SELECT {DocumentColumns} FROM documents WHERE kb_id = @kb AND content_hash = @hash ORDER BY id;",
            cancellationToken, ("kb", kbId), ("hash", contentHash));

    /// <inheritdoc/>
    public Task<string?> GetTextAsync(long docId, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("read a document's text", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, "SELECT text FROM document_texts WHERE doc_id = @id;", ("id", docId));
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string text ? _database.Reveal(text) : null;
        });

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PageText>> GetPagesAsync(long docId, CancellationToken cancellationToken = default)
    {
        IReadOnlyDictionary<long, List<PageText>> pages = await ReadPagesAsync("read a document's pages", [docId], cancellationToken).ConfigureAwait(false);
        return pages.TryGetValue(docId, out List<PageText>? found) ? found : [];
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<long, PageSummary>> GetPageSummariesAsync(IReadOnlyCollection<long> docIds,
        CancellationToken cancellationToken = default)
    {
        if (docIds.Count == 0)
        {
            return new Dictionary<long, PageSummary>();
        }

        IReadOnlyDictionary<long, List<PageText>> pages = await ReadPagesAsync("read documents' pages", docIds.Distinct().ToArray(), cancellationToken)
            .ConfigureAwait(false);
        return pages.ToDictionary(p => p.Key, p => PageSummary.Of(p.Value));
    }

    /// <inheritdoc/>
    public Task<DocumentCounts> CountAsync(long kbId, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("count documents", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null,
                "SELECT count(*), COALESCE(SUM(chunk_count), 0)::bigint, COALESCE(SUM(text_chars), 0)::bigint, COALESCE(SUM(size_bytes), 0)::bigint FROM documents WHERE kb_id = @kb;",
                ("kb", kbId));
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return new DocumentCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        });

    private Task<IReadOnlyDictionary<long, List<PageText>>> ReadPagesAsync(string what, long[] docIds, CancellationToken cancellationToken) =>
        PostgresFailures.RunAsync<IReadOnlyDictionary<long, List<PageText>>>(what, async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null,
                "SELECT doc_id, page, source, quality FROM document_pages WHERE doc_id = ANY(@ids) ORDER BY doc_id, ordinal;", ("ids", docIds));
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var pages = new Dictionary<long, List<PageText>>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                long docId = reader.GetInt64(0);
                if (!pages.TryGetValue(docId, out List<PageText>? list))
                {
                    pages[docId] = list = [];
                }

                PageTextSource source = Enum.TryParse(reader.GetString(2), ignoreCase: true, out PageTextSource s) ? s : PageTextSource.Empty;
                list.Add(new PageText(reader.GetInt32(1), source, reader.GetDouble(3)));
            }

            return pages;
        });

    private Task<IReadOnlyList<DocumentInfo>> ReadDocumentsAsync(string what, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters) =>
        PostgresFailures.RunAsync<IReadOnlyList<DocumentInfo>>(what, async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, sql, parameters);
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var list = new List<DocumentInfo>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(new DocumentInfo(
                    reader.GetInt64(0), reader.GetInt64(1), NullableString(reader, 2), NullableString(reader, 3), reader.GetString(4),
                    _database.Reveal(reader.GetString(5)), reader.GetString(6), reader.GetString(7), reader.GetInt64(8), reader.GetInt32(9),
                    reader.GetInt32(10), NullableString(reader, 11), reader.GetBoolean(12), reader.GetFieldValue<DateTimeOffset>(13),
                    reader.GetFieldValue<DateTimeOffset>(14))
                {
                    Groups = DocumentGroups.FromColumn(NullableString(reader, 15)),
                });
            }

            return list;
        });

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
