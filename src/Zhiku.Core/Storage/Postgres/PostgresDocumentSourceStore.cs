using System.Globalization;
using Npgsql;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>Documents' source files in PostgreSQL: a document's own file is its <c>source_path</c>, later files with
/// the same content are rows of <c>document_sources</c> (made by <see cref="PostgresMigrations"/>), in the order they
/// were added.</summary>
public sealed class PostgresDocumentSourceStore : IDocumentSourceStore
{
    private readonly PostgresDatabase _database;

    /// <summary>The source tables of an open database.</summary>
    public PostgresDocumentSourceStore(PostgresDatabase database)
    {
        _database = database;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListPathsAsync(long kbId, CancellationToken cancellationToken = default) =>
        ReadStringsAsync("list source paths", "SELECT DISTINCT source_path FROM documents WHERE kb_id = @v AND source_path IS NOT NULL;", kbId,
            cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListAsync(long docId, CancellationToken cancellationToken = default) =>
        ReadStringsAsync("list a document's sources", """
            SELECT source_path FROM (
                SELECT source_path, 0 AS later, NULL::timestamptz AS added_at, 0::bigint AS id FROM documents WHERE id = @v AND source_path IS NOT NULL
                UNION ALL
                SELECT source_path, 1, added_at, id FROM document_sources WHERE doc_id = @v) s
            ORDER BY later, added_at, id;
            """, docId, cancellationToken);

    /// <inheritdoc/>
    public Task AddAsync(long kbId, IReadOnlyCollection<long> docIds, string sourcePath, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("record a document's source", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            DateTimeOffset now = PostgresDatabase.Now();
            foreach (long docId in docIds)
            {
                try
                {
                    await PostgresDatabase.ExecuteAsync(connection, transaction, """
                        INSERT INTO document_sources(kb_id, doc_id, source_path, added_at) VALUES(@kb, @doc, @path, @now) ON CONFLICT DO NOTHING;
                        """, cancellationToken, ("kb", kbId), ("doc", docId), ("path", sourcePath), ("now", now)).ConfigureAwait(false);
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresFailures.ForeignKeyViolation)
                {
                    throw ZhikuException.NotFound($"document {docId} does not exist / 文档不存在", docId.ToString(CultureInfo.InvariantCulture), ex);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListAdditionalPathsAsync(long kbId, CancellationToken cancellationToken = default) =>
        ReadStringsAsync("list additional sources",
            "SELECT source_path FROM document_sources WHERE kb_id = @v GROUP BY source_path ORDER BY source_path COLLATE \"C\";", kbId, cancellationToken);

    /// <inheritdoc/>
    public Task<int> RemoveAdditionalAsync(long kbId, string sourcePath, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("forget an additional source", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await PostgresDatabase.ExecuteAsync(connection, null, "DELETE FROM document_sources WHERE kb_id = @kb AND source_path = @path;",
                cancellationToken, ("kb", kbId), ("path", sourcePath)).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<int> PromoteNextAsync(long kbId, string sourcePath, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("move documents to their next source", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var moves = new List<(long DocId, string RecordKey, string Next)>();
            // The documents' rows stay locked until commit, so two nodes promoting at once move each document once.
            await using (NpgsqlCommand command = PostgresDatabase.Command(connection, transaction, """
                SELECT d.id, d.record_key,
                       (SELECT s.source_path FROM document_sources s WHERE s.doc_id = d.id ORDER BY s.added_at, s.id LIMIT 1)
                FROM documents d WHERE d.kb_id = @kb AND d.source_path = @path FOR UPDATE OF d;
                """, ("kb", kbId), ("path", sourcePath)))
            await using (NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (!reader.IsDBNull(2))
                    {
                        moves.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
                    }
                }
            }

            foreach ((long docId, string recordKey, string next) in moves)
            {
                // Record keys are the source path (plus "#n" for a file of several documents): they move with it.
                string key = recordKey.StartsWith(sourcePath, StringComparison.Ordinal) ? next + recordKey[sourcePath.Length..] : recordKey;
                await PostgresDatabase.ExecuteAsync(connection, transaction, """
                    UPDATE documents SET source_path = @next, record_key = @key, updated_at = @now WHERE id = @doc;
                    DELETE FROM document_sources WHERE doc_id = @doc AND source_path = @next;
                    """, cancellationToken, ("next", next), ("key", key), ("now", PostgresDatabase.Now()), ("doc", docId)).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return moves.Count;
        });

    private Task<IReadOnlyList<string>> ReadStringsAsync(string what, string sql, long value, CancellationToken cancellationToken) =>
        PostgresFailures.RunAsync<IReadOnlyList<string>>(what, async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, sql, ("v", value));
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var values = new List<string>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                values.Add(reader.GetString(0));
            }

            return values;
        });
}
