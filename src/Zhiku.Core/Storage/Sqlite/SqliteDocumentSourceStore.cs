using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Zhiku.Core.Storage.Sqlite;

/// <summary>Documents' source files in the store's SQLite file: a document's own file is its <c>source_path</c>,
/// later files with the same content are rows of <c>document_sources</c> (created by the store's migrations).</summary>
public sealed class SqliteDocumentSourceStore : IDocumentSourceStore
{
    private const int ForeignKey = 787;

    private readonly MetadataStore _metadata;

    /// <summary>The source tables of a store (made by <see cref="MetadataStore.Open"/>).</summary>
    public SqliteDocumentSourceStore(MetadataStore metadata)
    {
        this._metadata = metadata;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListPathsAsync(long kbId, CancellationToken cancellationToken = default) =>
        ReadStringsAsync("list source paths", "SELECT DISTINCT source_path FROM documents WHERE kb_id = $kb AND source_path IS NOT NULL;",
            "$kb", kbId, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListAsync(long docId, CancellationToken cancellationToken = default) =>
        ReadStringsAsync("list a document's sources", """
            SELECT source_path FROM documents WHERE id = $doc AND source_path IS NOT NULL
            UNION ALL
            SELECT source_path FROM (SELECT source_path FROM document_sources WHERE doc_id = $doc ORDER BY added_at, rowid);
            """, "$doc", docId, cancellationToken);

    /// <inheritdoc/>
    public Task AddAsync(long kbId, IReadOnlyCollection<long> docIds, string sourcePath, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("record a document's source", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteTransaction transaction = connection.BeginTransaction();
            foreach (long docId in docIds)
            {
                try
                {
                    await SqliteDatabase.ExecuteAsync(connection, transaction,
                        "INSERT OR IGNORE INTO document_sources(kb_id, doc_id, source_path, added_at) VALUES($kb, $doc, $path, $now);",
                        cancellationToken, ("$kb", kbId), ("$doc", docId), ("$path", sourcePath), ("$now", MetadataStore.Now())).ConfigureAwait(false);
                }
                catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == ForeignKey)
                {
                    throw ZhikuException.NotFound($"document {docId} does not exist / 文档不存在", docId.ToString(CultureInfo.InvariantCulture), ex);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListAdditionalPathsAsync(long kbId, CancellationToken cancellationToken = default) =>
        ReadStringsAsync("list additional sources", "SELECT DISTINCT source_path FROM document_sources WHERE kb_id = $kb ORDER BY source_path;",
            "$kb", kbId, cancellationToken);

    /// <inheritdoc/>
    public Task<int> RemoveAdditionalAsync(long kbId, string sourcePath, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("forget an additional source", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await SqliteDatabase.ExecuteAsync(connection, null, "DELETE FROM document_sources WHERE kb_id = $kb AND source_path = $path;",
                cancellationToken, ("$kb", kbId), ("$path", sourcePath)).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<int> PromoteNextAsync(long kbId, string sourcePath, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("move documents to their next source", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteTransaction transaction = connection.BeginTransaction();
            var moves = new List<(long DocId, string RecordKey, string Next)>();
            using (SqliteCommand command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = """
                    SELECT d.id, d.record_key,
                           (SELECT s.source_path FROM document_sources s WHERE s.doc_id = d.id ORDER BY s.added_at, s.rowid LIMIT 1)
                    FROM documents d WHERE d.kb_id = $kb AND d.source_path = $path;
                    """;
                command.Parameters.AddWithValue("$kb", kbId);
                command.Parameters.AddWithValue("$path", sourcePath);
                await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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
                await SqliteDatabase.ExecuteAsync(connection, transaction,
                    "UPDATE documents SET source_path = $next, record_key = $key, updated_at = $now WHERE id = $doc;", cancellationToken,
                    ("$next", next), ("$key", key), ("$now", MetadataStore.Now()), ("$doc", docId)).ConfigureAwait(false);
                await SqliteDatabase.ExecuteAsync(connection, transaction, "DELETE FROM document_sources WHERE doc_id = $doc AND source_path = $next;",
                    cancellationToken, ("$doc", docId), ("$next", next)).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();
            return moves.Count;
        });

    private Task<IReadOnlyList<string>> ReadStringsAsync(string what, string sql, string name, long value, CancellationToken cancellationToken) =>
        SqliteFailures.RunAsync<IReadOnlyList<string>>(what, async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue(name, value);
            await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var values = new List<string>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                values.Add(reader.GetString(0));
            }

            return values;
        });
}
