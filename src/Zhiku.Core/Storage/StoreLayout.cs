using System.Globalization;

namespace Zhiku.Core.Storage;

/// <summary>Where a store keeps its files: zhiku.db (SQLite), zhiku.json (settings), kbs/ID/ (index folders).</summary>
public sealed record StoreLayout(string Root)
{
    public string DatabasePath => Path.Combine(Root, "zhiku.db");

    public string ConfigPath => Path.Combine(Root, "zhiku.json");

    public string KnowledgeBaseFolder(long kbId) => Path.Combine(Root, "kbs", kbId.ToString(CultureInfo.InvariantCulture));

    public string FullTextFolder(long kbId) => Path.Combine(KnowledgeBaseFolder(kbId), "fulltext");
}
