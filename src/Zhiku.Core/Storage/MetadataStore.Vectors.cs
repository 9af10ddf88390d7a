using Microsoft.Data.Sqlite;

namespace Zhiku.Core.Storage;

public sealed partial class MetadataStore
{
    /// <summary>Every chunk id of a knowledge base, ascending: what its vector index must cover.</summary>
    public long[] ListChunkIds(long kbId)
    {
        using SqliteConnection connection = Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE d.kb_id = $kb ORDER BY c.id;";
        command.Parameters.AddWithValue("$kb", kbId);
        using SqliteDataReader reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return [.. ids];
    }
}
