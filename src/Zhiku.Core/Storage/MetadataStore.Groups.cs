using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;

namespace Zhiku.Core.Storage;

/// <summary>Document groups (per-document read permissions) in the metadata store.</summary>
public sealed partial class MetadataStore
{
    /// <summary>Documents of a knowledge base the caller may not read (empty for <see cref="ReadAccess.All"/>).</summary>
    public IReadOnlySet<long> GetUnreadableDocuments(long kbId, ReadAccess access)
    {
        var denied = new HashSet<long>();
        if (access.ReadsAll)
        {
            return denied;
        }

        using SqliteConnection connection = Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT id, groups FROM documents WHERE kb_id = $kb AND groups IS NOT NULL AND groups <> '';";
        command.Parameters.AddWithValue("$kb", kbId);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (!access.CanRead(DocumentGroups.FromColumn(reader.GetString(1))))
            {
                denied.Add(reader.GetInt64(0));
            }
        }

        return denied;
    }

    /// <summary>The groups of the given documents; ids that do not exist are left out.</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<string>> GetDocumentGroups(IReadOnlyCollection<long> docIds)
    {
        var groups = new Dictionary<long, IReadOnlyList<string>>();
        if (docIds.Count == 0)
        {
            return groups;
        }

        using SqliteConnection connection = Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT id, groups FROM documents WHERE id IN ({string.Join(',', docIds.Distinct())});";
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            groups[reader.GetInt64(0)] = DocumentGroups.FromColumn(reader.IsDBNull(1) ? null : reader.GetString(1));
        }

        return groups;
    }

    /// <summary>Replaces a document's groups; false when it is not in this knowledge base. Takes effect on the next
    /// query: retrieval reads groups from here, not from the index.</summary>
    public bool SetDocumentGroups(long kbId, long docId, IReadOnlyList<string> groups)
    {
        using SqliteConnection connection = Connect();
        return Execute(connection, null, "UPDATE documents SET groups = $g, updated_at = $now WHERE id = $id AND kb_id = $kb;",
            ("$g", DocumentGroups.ToColumn(groups)), ("$now", Now()), ("$id", docId), ("$kb", kbId)) > 0;
    }
}
