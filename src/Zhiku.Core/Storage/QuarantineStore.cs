using Microsoft.Data.Sqlite;

namespace Zhiku.Core.Storage;

/// <summary>
/// Files whose parsing killed a parser worker, by knowledge base and content hash (table <c>parse_quarantine</c>,
/// created by the store's migrations). A file that killed a worker <see cref="KillsToQuarantine"/> times is quarantined: never parsed
/// again automatically (a re-run, a re-upload, a job resumed after a restart), only when asked to (force).
/// </summary>
public sealed class QuarantineStore
{
    /// <summary>Worker deaths after which a file is quarantined.</summary>
    public const int KillsToQuarantine = 2;

    private readonly MetadataStore _metadata;

    /// <summary>The quarantine table of a store (made by <see cref="MetadataStore.Open"/>).</summary>
    public QuarantineStore(MetadataStore metadata)
    {
        this._metadata = metadata;
    }

    /// <summary>Counts one more worker death on this content and returns the record after it.</summary>
    public QuarantinedFile RecordKill(long kbId, string contentHash, string name, string reason)
    {
        using SqliteConnection connection = _metadata.Connect();
        MetadataStore.Execute(connection, null, """
            INSERT INTO parse_quarantine(kb_id, content_hash, name, kills, reason, updated_at) VALUES($kb, $h, $n, 1, $r, $now)
            ON CONFLICT(kb_id, content_hash) DO UPDATE SET kills = kills + 1, name = $n, reason = $r, updated_at = $now;
            """, ("$kb", kbId), ("$h", contentHash), ("$n", name), ("$r", reason), ("$now", MetadataStore.Now()));
        return Find(kbId, contentHash)!;
    }

    /// <summary>The record of this content, or null when it never killed a worker.</summary>
    public QuarantinedFile? Find(long kbId, string contentHash)
    {
        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT content_hash, name, kills, reason, updated_at FROM parse_quarantine WHERE kb_id = $kb AND content_hash = $h;";
        command.Parameters.AddWithValue("$kb", kbId);
        command.Parameters.AddWithValue("$h", contentHash);
        return Read(command).FirstOrDefault();
    }

    /// <summary>The quarantined files of a knowledge base (killed a worker at least <see cref="KillsToQuarantine"/>
    /// times), newest first.</summary>
    public IReadOnlyList<QuarantinedFile> List(long kbId)
    {
        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT content_hash, name, kills, reason, updated_at FROM parse_quarantine WHERE kb_id = $kb AND kills >= $k ORDER BY updated_at DESC;";
        command.Parameters.AddWithValue("$kb", kbId);
        command.Parameters.AddWithValue("$k", KillsToQuarantine);
        return Read(command);
    }

    /// <summary>Forgets this content (it parsed after all, e.g. with higher limits).</summary>
    public void Clear(long kbId, string contentHash)
    {
        using SqliteConnection connection = _metadata.Connect();
        MetadataStore.Execute(connection, null, "DELETE FROM parse_quarantine WHERE kb_id = $kb AND content_hash = $h;", ("$kb", kbId), ("$h", contentHash));
    }

    private static List<QuarantinedFile> Read(SqliteCommand command)
    {
        using SqliteDataReader reader = command.ExecuteReader();
        var files = new List<QuarantinedFile>();
        while (reader.Read())
        {
            files.Add(new QuarantinedFile(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
                MetadataStore.ParseTime(reader.GetString(4))));
        }

        return files;
    }
}
