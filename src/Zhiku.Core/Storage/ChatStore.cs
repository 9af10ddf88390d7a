using System.Globalization;
using Microsoft.Data.Sqlite;
using Zhiku.Core.Chat;

namespace Zhiku.Core.Storage;

/// <summary>Chat sessions per user (tables <c>chat_sessions</c> and <c>chat_messages</c>, created by the store's migrations). Titles, turns and
/// payloads quote documents, so they are stored encrypted when the store has a key.</summary>
public sealed class ChatStore
{
    private readonly MetadataStore _metadata;

    /// <summary>The chat tables of a store (made by <see cref="MetadataStore.Open"/>).</summary>
    public ChatStore(MetadataStore metadata)
    {
        this._metadata = metadata;
    }

    /// <summary>Starts a session titled after its first question.</summary>
    public ChatSession Create(long userId, long kbId, string title)
    {
        string now = MetadataStore.Now();
        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "INSERT INTO chat_sessions(user_id, kb_id, title, created_at, updated_at) VALUES($u, $kb, $t, $now, $now) RETURNING id;";
        command.Parameters.AddWithValue("$u", userId);
        command.Parameters.AddWithValue("$kb", kbId);
        command.Parameters.AddWithValue("$t", _metadata.Protect(title.Length > 80 ? title[..80] : title));
        command.Parameters.AddWithValue("$now", now);
        long id = (long)command.ExecuteScalar()!;
        return Get(userId, id)!;
    }

    /// <summary>A session of this user, or null (another user's session does not exist for them).</summary>
    public ChatSession? Get(long userId, long sessionId) =>
        Query("WHERE id = $id AND user_id = $u", sessionId, userId).FirstOrDefault();

    /// <summary>The user's sessions, most recent first.</summary>
    public IReadOnlyList<ChatSession> List(long userId, int limit = 100) =>
        Query("WHERE user_id = $u ORDER BY updated_at DESC, id DESC LIMIT " + limit.ToString(CultureInfo.InvariantCulture), 0, userId);

    /// <summary>Appends a turn and touches the session.</summary>
    public void Append(long sessionId, string role, string text, string? payload, IReadOnlyCollection<long> citedDocIds)
    {
        string now = MetadataStore.Now();
        using SqliteConnection connection = _metadata.Connect();
        using SqliteTransaction transaction = connection.BeginTransaction();
        MetadataStore.Execute(connection, transaction,
            "INSERT INTO chat_messages(session_id, role, text, payload, cited_docs, created_at) VALUES($s, $r, $t, $p, $c, $now);",
            ("$s", sessionId), ("$r", role), ("$t", _metadata.Protect(text)), ("$p", payload is null ? null : _metadata.Protect(payload)),
            ("$c", citedDocIds.Count == 0 ? null : string.Join(',', citedDocIds)), ("$now", now));
        MetadataStore.Execute(connection, transaction, "UPDATE chat_sessions SET updated_at = $now WHERE id = $s;", ("$now", now), ("$s", sessionId));
        transaction.Commit();
    }

    /// <summary>The turns of a session in order.</summary>
    public IReadOnlyList<ChatMessage> Messages(long sessionId)
    {
        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT id, role, text, payload, cited_docs, created_at FROM chat_messages WHERE session_id = $s ORDER BY id;";
        command.Parameters.AddWithValue("$s", sessionId);
        using SqliteDataReader reader = command.ExecuteReader();
        var list = new List<ChatMessage>();
        while (reader.Read())
        {
            IReadOnlyList<long> cited = reader.IsDBNull(4)
                ? []
                : reader.GetString(4).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToList();
            list.Add(new ChatMessage(reader.GetInt64(0), reader.GetString(1), _metadata.Reveal(reader.GetString(2)), reader.IsDBNull(3) ? null : _metadata.Reveal(reader.GetString(3)),
                cited, MetadataStore.ParseTime(reader.GetString(5))));
        }

        return list;
    }

    /// <summary>Deletes a session of this user; false when there is none.</summary>
    public bool Delete(long userId, long sessionId)
    {
        using SqliteConnection connection = _metadata.Connect();
        return MetadataStore.Execute(connection, null, "DELETE FROM chat_sessions WHERE id = $id AND user_id = $u;", ("$id", sessionId), ("$u", userId)) > 0;
    }

    private List<ChatSession> Query(string where, long id, long userId)
    {
        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT id, user_id, kb_id, title, created_at, updated_at FROM chat_sessions {where};";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$u", userId);
        using SqliteDataReader reader = command.ExecuteReader();
        var list = new List<ChatSession>();
        while (reader.Read())
        {
            list.Add(new ChatSession(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), _metadata.Reveal(reader.GetString(3)),
                MetadataStore.ParseTime(reader.GetString(4)), MetadataStore.ParseTime(reader.GetString(5))));
        }

        return list;
    }
}
