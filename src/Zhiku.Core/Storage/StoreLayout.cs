using System.Globalization;

namespace Zhiku.Core.Storage;

/// <summary>Where a store keeps its files: zhiku.db (SQLite), zhiku.json (settings), kbs/ID/ (fulltext/ and vectors/ index folders).</summary>
public sealed record StoreLayout(string Root)
{
    public string DatabasePath => Path.Combine(Root, "zhiku.db");

    public string ConfigPath => Path.Combine(Root, "zhiku.json");

    /// <summary>The pseudonym vault: one encrypted file per conversation (<see cref="Files.FileVaultStore"/>).</summary>
    public string VaultFolder => Path.Combine(Root, "vault");

    public string KnowledgeBaseFolder(long kbId) => Path.Combine(Root, "kbs", kbId.ToString(CultureInfo.InvariantCulture));

    public string FullTextFolder(long kbId) => Path.Combine(KnowledgeBaseFolder(kbId), "fulltext");

    /// <summary>The chunk vectors of the knowledge base's current embedding model (derived data, rebuilt from the store).</summary>
    public string VectorsFolder(long kbId) => Path.Combine(KnowledgeBaseFolder(kbId), "vectors");

    /// <summary>Vectors of a new embedding model while they are being computed; swapped in when complete.</summary>
    public string PendingVectorsFolder(long kbId) => Path.Combine(KnowledgeBaseFolder(kbId), "vectors.next");
}
