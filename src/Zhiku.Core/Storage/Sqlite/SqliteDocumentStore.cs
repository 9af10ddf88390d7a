using System.Globalization;
using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;
using Zhiku.Core.Chunking;
using Zhiku.Core.Documents;

namespace Zhiku.Core.Storage.Sqlite;

/// <summary>Documents with their text, chunks and pages in the store's SQLite file (tables <c>documents</c>,
/// <c>document_texts</c>, <c>chunks</c>, <c>document_pages</c> and <c>index_tombstones</c>, created by the store's
/// migrations); text is protected and revealed through the store's key.</summary>
public sealed class SqliteDocumentStore : IDocumentStore
{
    internal const string DocumentColumns =
        "id, kb_id, source_path, external_id, record_key, title, format, content_hash, size_bytes, text_chars, chunk_count, policy, indexed, created_at, updated_at, groups";

    // SQLite's extended result codes of the two constraints a replacement can break.
    private const int ForeignKey = 787;
    private const int Unique = 2067;

    private readonly MetadataStore _metadata;

    /// <summary>The document tables of a store (made by <see cref="MetadataStore.Open"/>).</summary>
    public SqliteDocumentStore(MetadataStore metadata)
    {
        this._metadata = metadata;
    }

    // Documents of one source: a file path, or the record key of a document without a file. Two indexed lookups
    // joined by UNION ALL; written with OR, SQLite scans every document of the knowledge base for each lookup,
    // which made bulk loads quadratic.
    internal static string SourceLookup(string columns) =>
        $"SELECT {columns} FROM documents WHERE kb_id = $kb AND source_path = $key " +
        $"UNION ALL SELECT {columns} FROM documents WHERE kb_id = $kb AND source_path IS NULL AND record_key = $key;";

    /// <inheritdoc/>
    public Task<(IReadOnlyList<long> Removed, IReadOnlyList<long> Added)> ReplaceAsync(long kbId, string sourceKey, IReadOnlyList<NewDocument> documents,
        CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("write documents", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteTransaction transaction = connection.BeginTransaction();
            var result = await ReplaceAsync(connection, transaction, kbId, sourceKey, documents, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();
            return result;
        });

    /// <inheritdoc/>
    public Task ReplaceBatchAsync(long kbId, IReadOnlyList<(string SourceKey, IReadOnlyList<NewDocument> Documents)> batch,
        CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("write documents", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteTransaction transaction = connection.BeginTransaction();
            foreach ((string sourceKey, IReadOnlyList<NewDocument> documents) in batch)
            {
                await ReplaceAsync(connection, transaction, kbId, sourceKey, documents, cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();
        });

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(long kbId, long docId, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("delete a document", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteTransaction transaction = connection.BeginTransaction();
            bool found = await RemoveAsync(connection, transaction, kbId, docId, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();
            return found;
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<DocumentInfo>> ListAsync(long kbId, int limit = 0, CancellationToken cancellationToken = default) =>
        ReadDocumentsAsync("list documents",
            $"SELECT {DocumentColumns} FROM documents WHERE kb_id = $kb ORDER BY id DESC" + (limit > 0 ? " LIMIT $limit;" : ";"),
            cancellationToken, ("$kb", kbId), ("$limit", limit));

    /// <inheritdoc/>
    public async Task<DocumentInfo?> GetAsync(long kbId, long docId, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<DocumentInfo> found = await ReadDocumentsAsync("read a document", $"SELECT {DocumentColumns} FROM documents WHERE kb_id = $kb AND id = $id;",
            cancellationToken, ("$kb", kbId), ("$id", docId)).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : null;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<DocumentInfo>> FindBySourceAsync(long kbId, string sourceKey, CancellationToken cancellationToken = default) =>
        ReadDocumentsAsync("find a source's documents", SourceLookup(DocumentColumns), cancellationToken, ("$kb", kbId), ("$key", sourceKey));

    /// <inheritdoc/>
    public Task<IReadOnlyList<DocumentInfo>> FindByHashAsync(long kbId, string contentHash, CancellationToken cancellationToken = default) =>
        ReadDocumentsAsync("find documents by content",
            $"SELECT {DocumentColumns} FROM documents WHERE kb_id = $kb AND content_hash = $hash ORDER BY id;",
            cancellationToken, ("$kb", kbId), ("$hash", contentHash));

    /// <inheritdoc/>
    public Task<string?> GetTextAsync(long docId, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("read a document's text", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT text FROM document_texts WHERE doc_id = $id;";
            command.Parameters.AddWithValue("$id", docId);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string text ? _metadata.Reveal(text) : null;
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<PageText>> GetPagesAsync(long docId, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync<IReadOnlyList<PageText>>("read a document's pages", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT pages FROM document_pages WHERE doc_id = $id;";
            command.Parameters.AddWithValue("$id", docId);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json ? SqlitePageRows.Read(json) : [];
        });

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<long, PageSummary>> GetPageSummariesAsync(IReadOnlyCollection<long> docIds, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync<IReadOnlyDictionary<long, PageSummary>>("read documents' pages", async () =>
        {
            var summaries = new Dictionary<long, PageSummary>();
            if (docIds.Count == 0)
            {
                return summaries;
            }

            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"SELECT doc_id, pages FROM document_pages WHERE doc_id IN ({string.Join(',', docIds.Distinct())});";
            await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                summaries[reader.GetInt64(0)] = PageSummary.Of(SqlitePageRows.Read(reader.GetString(1)));
            }

            return summaries;
        });

    /// <inheritdoc/>
    public Task<DocumentCounts> CountAsync(long kbId, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("count documents", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText =
                "SELECT COUNT(*), COALESCE(SUM(chunk_count),0), COALESCE(SUM(text_chars),0), COALESCE(SUM(size_bytes),0) FROM documents WHERE kb_id = $kb;";
            command.Parameters.AddWithValue("$kb", kbId);
            await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return new DocumentCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        });

    private async Task<(IReadOnlyList<long> Removed, IReadOnlyList<long> Added)> ReplaceAsync(SqliteConnection connection, SqliteTransaction transaction,
        long kbId, string sourceKey, IReadOnlyList<NewDocument> documents, CancellationToken cancellationToken)
    {
        var removed = new List<long>();
        using (SqliteCommand find = connection.CreateCommand())
        {
            find.Transaction = transaction;
            find.CommandText = SourceLookup("id");
            find.Parameters.AddWithValue("$kb", kbId);
            find.Parameters.AddWithValue("$key", sourceKey);
            await using SqliteDataReader reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                removed.Add(reader.GetInt64(0));
            }
        }

        foreach (long id in removed)
        {
            await RemoveAsync(connection, transaction, kbId, id, cancellationToken).ConfigureAwait(false);
        }

        var added = new List<long>(documents.Count);
        foreach (NewDocument document in documents)
        {
            try
            {
                added.Add(await InsertAsync(connection, transaction, kbId, document, cancellationToken).ConfigureAwait(false));
            }
            catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == ForeignKey)
            {
                throw ZhikuException.NotFound($"knowledge base {kbId} does not exist / 知识库不存在", kbId.ToString(CultureInfo.InvariantCulture), ex);
            }
            catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == Unique)
            {
                throw ZhikuException.Conflict(
                    $"a document with record key '{document.RecordKey}' already exists in knowledge base {kbId} / 记录键已存在", document.RecordKey, ex);
            }
        }

        return (removed, added);
    }

    private static async Task<bool> RemoveAsync(SqliteConnection connection, SqliteTransaction transaction, long kbId, long docId, CancellationToken cancellationToken)
    {
        int rows = await SqliteDatabase.ExecuteAsync(connection, transaction, "DELETE FROM documents WHERE id = $id AND kb_id = $kb;", cancellationToken,
            ("$id", docId), ("$kb", kbId)).ConfigureAwait(false);
        if (rows > 0)
        {
            await SqliteDatabase.ExecuteAsync(connection, transaction, "INSERT OR IGNORE INTO index_tombstones(kb_id, doc_id) VALUES($kb, $id);", cancellationToken,
                ("$kb", kbId), ("$id", docId)).ConfigureAwait(false);
        }

        return rows > 0;
    }

    private async Task<long> InsertAsync(SqliteConnection connection, SqliteTransaction transaction, long kbId, NewDocument document,
        CancellationToken cancellationToken)
    {
        string now = MetadataStore.Now();
        long docId;
        using (SqliteCommand insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO documents(kb_id, source_path, external_id, record_key, title, format, content_hash, size_bytes,
                                      text_chars, chunk_count, policy, indexed, created_at, updated_at, groups)
                VALUES($kb, $path, $ext, $key, $title, $format, $hash, $size, $chars, $chunks, $policy, 0, $now, $now, $groups)
                RETURNING id;
                """;
            insert.Parameters.AddWithValue("$kb", kbId);
            insert.Parameters.AddWithValue("$path", (object?)document.SourcePath ?? DBNull.Value);
            insert.Parameters.AddWithValue("$ext", (object?)document.ExternalId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$key", document.RecordKey);
            insert.Parameters.AddWithValue("$title", _metadata.Protect(document.Title));
            insert.Parameters.AddWithValue("$format", document.Format);
            insert.Parameters.AddWithValue("$hash", document.ContentHash);
            insert.Parameters.AddWithValue("$size", document.SizeBytes);
            insert.Parameters.AddWithValue("$chars", document.Text.Length);
            insert.Parameters.AddWithValue("$chunks", document.Chunks.Count);
            insert.Parameters.AddWithValue("$policy", (object?)document.Policy ?? DBNull.Value);
            insert.Parameters.AddWithValue("$now", now);
            insert.Parameters.AddWithValue("$groups", (object?)DocumentGroups.ToColumn(document.Groups) ?? DBNull.Value);
            docId = (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await SqliteDatabase.ExecuteAsync(connection, transaction, "INSERT INTO document_texts(doc_id, text) VALUES($id, $text);", cancellationToken,
            ("$id", docId), ("$text", _metadata.Protect(document.Text))).ConfigureAwait(false);
        if (document.Pages.Count > 0)
        {
            await SqliteDatabase.ExecuteAsync(connection, transaction, "INSERT OR REPLACE INTO document_pages(doc_id, pages) VALUES($id, $pages);",
                cancellationToken, ("$id", docId), ("$pages", SqlitePageRows.Write(document.Pages))).ConfigureAwait(false);
        }

        using SqliteCommand chunk = connection.CreateCommand();
        chunk.Transaction = transaction;
        chunk.CommandText = """
            INSERT INTO chunks(doc_id, ordinal, heading, page, start_offset, end_offset, text)
            VALUES($doc, $ord, $heading, $page, $start, $end, $text);
            """;
        SqliteParameter ord = chunk.Parameters.Add("$ord", SqliteType.Integer);
        SqliteParameter heading = chunk.Parameters.Add("$heading", SqliteType.Text);
        SqliteParameter page = chunk.Parameters.Add("$page", SqliteType.Integer);
        SqliteParameter start = chunk.Parameters.Add("$start", SqliteType.Integer);
        SqliteParameter end = chunk.Parameters.Add("$end", SqliteType.Integer);
        SqliteParameter text = chunk.Parameters.Add("$text", SqliteType.Text);
        chunk.Parameters.AddWithValue("$doc", docId);
        foreach (TextChunk c in document.Chunks)
        {
            ord.Value = c.Ordinal;
            heading.Value = _metadata.Protect(c.HeadingPath);
            page.Value = (object?)c.Page ?? DBNull.Value;
            start.Value = c.Start;
            end.Value = c.End;
            text.Value = _metadata.Protect(c.Text);
            await chunk.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return docId;
    }

    private Task<IReadOnlyList<DocumentInfo>> ReadDocumentsAsync(string what, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters) =>
        SqliteFailures.RunAsync<IReadOnlyList<DocumentInfo>>(what, async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            foreach ((string name, object value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var list = new List<DocumentInfo>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(new DocumentInfo(
                    reader.GetInt64(0), reader.GetInt64(1), NullableString(reader, 2), NullableString(reader, 3), reader.GetString(4),
                    _metadata.Reveal(reader.GetString(5)), reader.GetString(6), reader.GetString(7), reader.GetInt64(8), reader.GetInt32(9),
                    reader.GetInt32(10), NullableString(reader, 11), reader.GetInt32(12) != 0, MetadataStore.ParseTime(reader.GetString(13)),
                    MetadataStore.ParseTime(reader.GetString(14)))
                {
                    Groups = DocumentGroups.FromColumn(NullableString(reader, 15)),
                });
            }

            return list;
        });

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
