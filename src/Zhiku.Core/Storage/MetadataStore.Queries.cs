using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;

namespace Zhiku.Core.Storage;

/// <summary>Read-side queries of the metadata store.</summary>
public sealed partial class MetadataStore
{
    /// <summary>Documents of a knowledge base, newest first; <paramref name="limit"/> 0 means all.</summary>
    public IReadOnlyList<DocumentInfo> ListDocuments(long kbId, int limit = 0)
    {
        using SqliteConnection connection = Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT {DocumentColumns} FROM documents WHERE kb_id = $kb ORDER BY id DESC" + (limit > 0 ? " LIMIT $limit;" : ";");
        command.Parameters.AddWithValue("$kb", kbId);
        command.Parameters.AddWithValue("$limit", limit);
        return ReadDocuments(command);
    }

    /// <summary>One document of a knowledge base, or null.</summary>
    public DocumentInfo? GetDocument(long kbId, long docId)
    {
        using SqliteConnection connection = Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT {DocumentColumns} FROM documents WHERE kb_id = $kb AND id = $id;";
        command.Parameters.AddWithValue("$kb", kbId);
        command.Parameters.AddWithValue("$id", docId);
        return ReadDocuments(command).FirstOrDefault();
    }

    /// <summary>Documents that came from one source file (or record key).</summary>
    public IReadOnlyList<DocumentInfo> FindDocumentsBySource(long kbId, string sourceKey)
    {
        using SqliteConnection connection = Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = SourceLookup(DocumentColumns);
        command.Parameters.AddWithValue("$kb", kbId);
        command.Parameters.AddWithValue("$key", sourceKey);
        return ReadDocuments(command);
    }

    /// <summary>Distinct source file paths of a knowledge base.</summary>
    public IReadOnlyList<string> ListSourcePaths(long kbId)
    {
        using SqliteConnection connection = Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT source_path FROM documents WHERE kb_id = $kb AND source_path IS NOT NULL;";
        command.Parameters.AddWithValue("$kb", kbId);
        using SqliteDataReader reader = command.ExecuteReader();
        var paths = new List<string>();
        while (reader.Read())
        {
            paths.Add(reader.GetString(0));
        }

        return paths;
    }

    /// <summary>The extracted text of a document, or null.</summary>
    public string? GetDocumentText(long docId)
    {
        using SqliteConnection connection = Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT text FROM document_texts WHERE doc_id = $id;";
        command.Parameters.AddWithValue("$id", docId);
        return command.ExecuteScalar() is string text ? Reveal(text) : null;
    }

    /// <summary>Counts for `zhiku stats`: documents, chunks, text characters and source bytes.</summary>
    public (long Documents, long Chunks, long TextChars, long SourceBytes) GetCounts(long kbId)
    {
        using SqliteConnection connection = Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COALESCE(SUM(chunk_count),0), COALESCE(SUM(text_chars),0), COALESCE(SUM(size_bytes),0) FROM documents WHERE kb_id = $kb;";
        command.Parameters.AddWithValue("$kb", kbId);
        using SqliteDataReader reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    private List<DocumentInfo> ReadDocuments(SqliteCommand command)
    {
        using SqliteDataReader reader = command.ExecuteReader();
        var list = new List<DocumentInfo>();
        while (reader.Read())
        {
            list.Add(new DocumentInfo(
                reader.GetInt64(0), reader.GetInt64(1), NullableString(reader, 2), NullableString(reader, 3), reader.GetString(4),
                Reveal(reader.GetString(5)), reader.GetString(6), reader.GetString(7), reader.GetInt64(8), reader.GetInt32(9),
                reader.GetInt32(10), NullableString(reader, 11), reader.GetInt32(12) != 0, ParseTime(reader.GetString(13)),
                ParseTime(reader.GetString(14)))
            {
                Groups = DocumentGroups.FromColumn(NullableString(reader, 15)),
            });
        }

        return list;
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
