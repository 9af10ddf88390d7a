using Microsoft.Data.Sqlite;

namespace Zhiku.Core.Storage;

/// <summary>
/// More than one file with the same content is one document with several sources: the first file is the
/// document's own <c>source_path</c>, later ones are rows of <c>document_sources</c>. When the first file goes,
/// the next source takes its place, so the document stays while any of its files remains.
/// </summary>
public sealed partial class MetadataStore
{
    /// <summary>The documents of a knowledge base whose file had this content hash (SHA-256, hex).</summary>
    public IReadOnlyList<DocumentInfo> FindDocumentsByHash(long kbId, string contentHash)
    {
        using SqliteConnection connection = Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT {DocumentColumns} FROM documents WHERE kb_id = $kb AND content_hash = $hash ORDER BY id;";
        command.Parameters.AddWithValue("$kb", kbId);
        command.Parameters.AddWithValue("$hash", contentHash);
        return ReadDocuments(command);
    }

    /// <summary>Records <paramref name="sourcePath"/> as another source of these documents (idempotent).</summary>
    public void AddSource(long kbId, IReadOnlyCollection<long> docIds, string sourcePath)
    {
        using SqliteConnection connection = Connect();
        using SqliteTransaction transaction = connection.BeginTransaction();
        foreach (long docId in docIds)
        {
            Execute(connection, transaction,
                "INSERT OR IGNORE INTO document_sources(kb_id, doc_id, source_path, added_at) VALUES($kb, $doc, $path, $now);",
                ("$kb", kbId), ("$doc", docId), ("$path", sourcePath), ("$now", Now()));
        }

        transaction.Commit();
    }

    /// <summary>Every source of a document: its own file first, then the files with the same content, oldest first.</summary>
    public IReadOnlyList<string> ListSources(long docId)
    {
        using SqliteConnection connection = Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT source_path FROM documents WHERE id = $doc AND source_path IS NOT NULL
            UNION ALL
            SELECT source_path FROM (SELECT source_path FROM document_sources WHERE doc_id = $doc ORDER BY added_at, rowid);
            """;
        command.Parameters.AddWithValue("$doc", docId);
        using SqliteDataReader reader = command.ExecuteReader();
        var sources = new List<string>();
        while (reader.Read())
        {
            sources.Add(reader.GetString(0));
        }

        return sources;
    }

    /// <summary>The additional source paths of a knowledge base (files whose content another document already had).</summary>
    public IReadOnlyList<string> ListAdditionalSourcePaths(long kbId)
    {
        using SqliteConnection connection = Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT source_path FROM document_sources WHERE kb_id = $kb ORDER BY source_path;";
        command.Parameters.AddWithValue("$kb", kbId);
        using SqliteDataReader reader = command.ExecuteReader();
        var paths = new List<string>();
        while (reader.Read())
        {
            paths.Add(reader.GetString(0));
        }

        return paths;
    }

    /// <summary>Forgets an additional source path; returns how many documents had it.</summary>
    public int RemoveAdditionalSource(long kbId, string sourcePath)
    {
        using SqliteConnection connection = Connect();
        return Execute(connection, null, "DELETE FROM document_sources WHERE kb_id = $kb AND source_path = $path;", ("$kb", kbId), ("$path", sourcePath));
    }

    /// <summary>
    /// When the file <paramref name="sourcePath"/> is gone: each of its documents that has another source gets that
    /// source (the oldest) as its own; returns how many documents were kept this way. Documents without another
    /// source are left for the caller to remove.
    /// </summary>
    public int PromoteNextSource(long kbId, string sourcePath)
    {
        using SqliteConnection connection = Connect();
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
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
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
            Execute(connection, transaction, "UPDATE documents SET source_path = $next, record_key = $key, updated_at = $now WHERE id = $doc;",
                ("$next", next), ("$key", key), ("$now", Now()), ("$doc", docId));
            Execute(connection, transaction, "DELETE FROM document_sources WHERE doc_id = $doc AND source_path = $next;", ("$doc", docId), ("$next", next));
        }

        transaction.Commit();
        return moves.Count;
    }
}
