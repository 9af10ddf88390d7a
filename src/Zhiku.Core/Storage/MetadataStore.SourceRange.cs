using Microsoft.Data.Sqlite;

namespace Zhiku.Core.Storage;

public sealed partial class MetadataStore
{
    /// <summary>The folder every source path of a knowledge base lies in (the longest common folder of all its source
    /// paths, outside <paramref name="exceptUnder"/>), or null when it has none. The lexically first and last paths
    /// share the prefix all of them share, so this reads two values, not every path.</summary>
    public string? CommonSourceFolder(long kbId, string exceptUnder)
    {
        using SqliteConnection connection = Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT MIN(source_path), MAX(source_path) FROM documents
            WHERE kb_id = $kb AND source_path IS NOT NULL AND substr(source_path, 1, length($under)) <> $under;
            """;
        command.Parameters.AddWithValue("$kb", kbId);
        command.Parameters.AddWithValue("$under", exceptUnder);
        using SqliteDataReader reader = command.ExecuteReader();
        if (!reader.Read() || reader.IsDBNull(0))
        {
            return null;
        }

        string first = reader.GetString(0);
        string last = reader.GetString(1);
        int common = 0;
        while (common < first.Length && common < last.Length && first[common] == last[common])
        {
            common++;
        }

        int cut = first.LastIndexOf(Path.DirectorySeparatorChar, Math.Max(0, Math.Min(common, first.Length) - 1));
        return cut < 0 ? null : first[..(cut + 1)];
    }
}
