using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Zhiku.Core.Storage;

/// <summary>
/// The append-only record of every request sent to a language model, in the store's database. It holds what was
/// sent after desensitization (encrypted at rest when the store has a key) and placeholder counts, never the
/// original personal data.
/// </summary>
public sealed class AuditLog
{
    private readonly MetadataStore _store;

    public AuditLog(MetadataStore store)
    {
        this._store = store;
    }

    /// <summary>Appends a record and returns its id.</summary>
    public long Append(AuditRecord record)
    {
        using SqliteConnection connection = _store.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO audit_log(time, user, kb, provider, model, local, status, duration_ms, placeholders, sent)
            VALUES($time, $user, $kb, $provider, $model, $local, $status, $duration, $placeholders, $sent) RETURNING id;
            """;
        command.Parameters.AddWithValue("$time", record.Time.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$user", record.User);
        command.Parameters.AddWithValue("$kb", record.KnowledgeBase);
        command.Parameters.AddWithValue("$provider", record.Provider);
        command.Parameters.AddWithValue("$model", record.Model);
        command.Parameters.AddWithValue("$local", record.Local ? 1 : 0);
        command.Parameters.AddWithValue("$status", record.Status);
        command.Parameters.AddWithValue("$duration", record.DurationMs);
        command.Parameters.AddWithValue("$placeholders", JsonSerializer.Serialize(record.PlaceholderCounts));
        command.Parameters.AddWithValue("$sent", _store.Protect(JsonSerializer.Serialize(record.Sent.Select(m => new[] { m.Role, m.Text }))));
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The newest records first.</summary>
    public IReadOnlyList<AuditRecord> List(int limit = 50, string? knowledgeBase = null)
    {
        using SqliteConnection connection = _store.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT id, time, user, kb, provider, model, local, status, duration_ms, placeholders, sent FROM audit_log"
            + (knowledgeBase is null ? "" : " WHERE kb = $kb") + " ORDER BY id DESC LIMIT $limit;";
        command.Parameters.AddWithValue("$kb", (object?)knowledgeBase ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", Math.Max(1, limit));
        return Read(command);
    }

    /// <summary>One record, or null.</summary>
    public AuditRecord? Get(long id)
    {
        using SqliteConnection connection = _store.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT id, time, user, kb, provider, model, local, status, duration_ms, placeholders, sent FROM audit_log WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        return Read(command).FirstOrDefault();
    }

    private List<AuditRecord> Read(SqliteCommand command)
    {
        using SqliteDataReader reader = command.ExecuteReader();
        var list = new List<AuditRecord>();
        while (reader.Read())
        {
            var placeholders = JsonSerializer.Deserialize<Dictionary<string, int>>(reader.GetString(9)) ?? [];
            string[][] sent = JsonSerializer.Deserialize<string[][]>(_store.Reveal(reader.GetString(10))) ?? [];
            list.Add(new AuditRecord(reader.GetInt64(0), MetadataStore.ParseTime(reader.GetString(1)), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetInt32(6) != 0, reader.GetString(7), reader.GetInt64(8),
                placeholders, sent.Select(m => new AuditedMessage(m[0], m[1])).ToList()));
        }

        return list;
    }
}
