using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;
using Zhiku.Core.Chunking;

namespace Zhiku.Core.Storage;

/// <summary>Documents, texts and chunks of the metadata store.</summary>
public sealed partial class MetadataStore
{
    private const string DocumentColumns =
        "id, kb_id, source_path, external_id, record_key, title, format, content_hash, size_bytes, text_chars, chunk_count, policy, indexed, created_at, updated_at, groups";

    // Documents of one source: a file path, or the record key of a document without a file. Two indexed lookups
    // joined by UNION ALL; written with OR, SQLite scans every document of the knowledge base for each lookup,
    // which made bulk loads quadratic.
    internal static string SourceLookup(string columns) =>
        $"SELECT {columns} FROM documents WHERE kb_id = $kb AND source_path = $key " +
        $"UNION ALL SELECT {columns} FROM documents WHERE kb_id = $kb AND source_path IS NULL AND record_key = $key;";

    /// <summary>
    /// Replaces, in one transaction, every document that came from <paramref name="sourceKey"/> (a file path, or a
    /// record key for documents without a file) with <paramref name="documents"/>. The replaced documents are
    /// recorded as index tombstones and the new ones as not yet indexed, so the full-text index can be repaired
    /// if the process dies before it is updated.
    /// </summary>
    /// <returns>The ids of the removed documents and of the new documents, in input order.</returns>
    public (IReadOnlyList<long> Removed, IReadOnlyList<long> Added) ReplaceDocuments(long kbId, string sourceKey, IReadOnlyList<NewDocument> documents)
    {
        using SqliteConnection connection = Connect();
        using SqliteTransaction transaction = connection.BeginTransaction();
        var result = ReplaceDocuments(connection, transaction, kbId, sourceKey, documents);
        transaction.Commit();
        return result;
    }

    /// <summary>Replaces many sources in one transaction (bulk loads such as an eval corpus).</summary>
    public void ReplaceDocumentsBatch(long kbId, IReadOnlyList<(string SourceKey, IReadOnlyList<NewDocument> Documents)> batch)
    {
        using SqliteConnection connection = Connect();
        using SqliteTransaction transaction = connection.BeginTransaction();
        foreach ((string sourceKey, IReadOnlyList<NewDocument> documents) in batch)
        {
            ReplaceDocuments(connection, transaction, kbId, sourceKey, documents);
        }

        transaction.Commit();
    }

    private (IReadOnlyList<long> Removed, IReadOnlyList<long> Added) ReplaceDocuments(
        SqliteConnection connection, SqliteTransaction transaction, long kbId, string sourceKey, IReadOnlyList<NewDocument> documents)
    {
        var removed = new List<long>();
        using (SqliteCommand find = connection.CreateCommand())
        {
            find.Transaction = transaction;
            find.CommandText = SourceLookup("id");
            find.Parameters.AddWithValue("$kb", kbId);
            find.Parameters.AddWithValue("$key", sourceKey);
            using SqliteDataReader reader = find.ExecuteReader();
            while (reader.Read())
            {
                removed.Add(reader.GetInt64(0));
            }
        }

        foreach (long id in removed)
        {
            RemoveDocument(connection, transaction, kbId, id);
        }

        var added = new List<long>(documents.Count);
        foreach (NewDocument document in documents)
        {
            added.Add(InsertDocument(connection, transaction, kbId, document));
        }

        return (removed, added);
    }

    /// <summary>Deletes one document; returns false when it does not exist in this knowledge base.</summary>
    public bool DeleteDocument(long kbId, long docId)
    {
        using SqliteConnection connection = Connect();
        using SqliteTransaction transaction = connection.BeginTransaction();
        bool found = RemoveDocument(connection, transaction, kbId, docId);
        transaction.Commit();
        return found;
    }

    private static bool RemoveDocument(SqliteConnection connection, SqliteTransaction transaction, long kbId, long docId)
    {
        int rows = Execute(connection, transaction, "DELETE FROM documents WHERE id = $id AND kb_id = $kb;", ("$id", docId), ("$kb", kbId));
        if (rows > 0)
        {
            Execute(connection, transaction, "INSERT OR IGNORE INTO index_tombstones(kb_id, doc_id) VALUES($kb, $id);", ("$kb", kbId), ("$id", docId));
        }

        return rows > 0;
    }

    private long InsertDocument(SqliteConnection connection, SqliteTransaction transaction, long kbId, NewDocument document)
    {
        string now = Now();
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
            insert.Parameters.AddWithValue("$title", Protect(document.Title));
            insert.Parameters.AddWithValue("$format", document.Format);
            insert.Parameters.AddWithValue("$hash", document.ContentHash);
            insert.Parameters.AddWithValue("$size", document.SizeBytes);
            insert.Parameters.AddWithValue("$chars", document.Text.Length);
            insert.Parameters.AddWithValue("$chunks", document.Chunks.Count);
            insert.Parameters.AddWithValue("$policy", (object?)document.Policy ?? DBNull.Value);
            insert.Parameters.AddWithValue("$now", now);
            insert.Parameters.AddWithValue("$groups", (object?)DocumentGroups.ToColumn(document.Groups) ?? DBNull.Value);
            docId = (long)insert.ExecuteScalar()!;
        }

        Execute(connection, transaction, "INSERT INTO document_texts(doc_id, text) VALUES($id, $text);", ("$id", docId), ("$text", Protect(document.Text)));
        SavePages(connection, transaction, docId, document.Pages);
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
            heading.Value = Protect(c.HeadingPath);
            page.Value = (object?)c.Page ?? DBNull.Value;
            start.Value = c.Start;
            end.Value = c.End;
            text.Value = Protect(c.Text);
            chunk.ExecuteNonQuery();
        }

        return docId;
    }
}
