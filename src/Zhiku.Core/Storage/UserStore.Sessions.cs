using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;

namespace Zhiku.Core.Storage;

/// <summary>
/// Server-side web sessions (table <c>sessions</c>: only the SHA-256 of each session token is stored) and the account
/// event log (table <c>account_events</c>). A session is checked on every request, so signing out, a password change,
/// key rotation or disabling the user ends it at once, whatever the cookie says.
/// </summary>
public sealed partial class UserStore
{
    /// <summary>A session older than this is over, however active (the cookie's own lifetime is usually shorter).</summary>
    public static readonly TimeSpan MaxSessionAge = TimeSpan.FromDays(30);

    /// <summary>Starts a web session and returns its token (kept only inside the protected cookie).</summary>
    /// <param name="userId">The user signing in.</param>
    /// <param name="opensPersonal">Whether the credential used opens the user's personal knowledge bases.</param>
    public string StartSession(long userId, bool opensPersonal)
    {
        string token = ApiKeys.Generate();
        using SqliteConnection connection = _metadata.Connect();
        MetadataStore.Execute(connection, null, "DELETE FROM sessions WHERE created_at < $old;",
            ("$old", DateTimeOffset.UtcNow.Subtract(MaxSessionAge).ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        MetadataStore.Execute(connection, null, "INSERT INTO sessions(token_hash, user_id, opens_personal, created_at) VALUES($h, $u, $p, $now);",
            ("$h", ApiKeys.Hash(token)), ("$u", userId), ("$p", opensPersonal ? 1 : 0), ("$now", MetadataStore.Now()));
        return token;
    }

    /// <summary>The enabled user of a live session, with <see cref="UserInfo.OpensPersonal"/> from the sign-in, or null
    /// when the session was ended, is too old, or belongs to someone else than <paramref name="userId"/>.</summary>
    public UserInfo? FindSession(string token, long userId)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return null;
        }

        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT opens_personal, created_at FROM sessions WHERE token_hash = $h AND user_id = $u;";
        command.Parameters.AddWithValue("$h", ApiKeys.Hash(token));
        command.Parameters.AddWithValue("$u", userId);
        using SqliteDataReader reader = command.ExecuteReader();
        if (!reader.Read() || MetadataStore.ParseTime(reader.GetString(1)) < DateTimeOffset.UtcNow.Subtract(MaxSessionAge))
        {
            return null;
        }

        UserInfo? user = Get(userId);
        return user is { Disabled: false } ? user with { OpensPersonal = reader.GetInt64(0) != 0 } : null;
    }

    /// <summary>Ends one session (sign-out); unknown tokens are ignored.</summary>
    public void EndSession(string token)
    {
        using SqliteConnection connection = _metadata.Connect();
        MetadataStore.Execute(connection, null, "DELETE FROM sessions WHERE token_hash = $h;", ("$h", ApiKeys.Hash(token ?? "")));
    }

    /// <summary>Ends every session of a user.</summary>
    public void EndSessions(long userId)
    {
        using SqliteConnection connection = _metadata.Connect();
        MetadataStore.Execute(connection, null, "DELETE FROM sessions WHERE user_id = $u;", ("$u", userId));
    }

    /// <summary>Number of live sessions of a user.</summary>
    public long CountSessions(long userId)
    {
        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sessions WHERE user_id = $u;";
        command.Parameters.AddWithValue("$u", userId);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Appends to the account event log (what an admin did to another user's credentials, for example).</summary>
    /// <param name="actorId">Who did it (null: the local command line).</param>
    /// <param name="targetId">Whose account it concerns.</param>
    /// <param name="action">What happened, e.g. <c>key_issued_by_admin</c>.</param>
    public void RecordEvent(long? actorId, long targetId, string action)
    {
        using SqliteConnection connection = _metadata.Connect();
        MetadataStore.Execute(connection, null, "INSERT INTO account_events(time, actor_id, target_id, action) VALUES($now, $a, $t, $x);",
            ("$now", MetadataStore.Now()), ("$a", actorId), ("$t", targetId), ("$x", action));
    }

    /// <summary>The account events concerning a user, newest first.</summary>
    public IReadOnlyList<AccountEvent> ListEvents(long targetId, int limit = 100)
    {
        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT e.time, a.name, t.name, e.action FROM account_events e
            LEFT JOIN users a ON a.id = e.actor_id LEFT JOIN users t ON t.id = e.target_id
            WHERE e.target_id = $t ORDER BY e.id DESC LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$t", targetId);
        command.Parameters.AddWithValue("$limit", Math.Max(1, limit));
        using SqliteDataReader reader = command.ExecuteReader();
        var events = new List<AccountEvent>();
        while (reader.Read())
        {
            events.Add(new AccountEvent(MetadataStore.ParseTime(reader.GetString(0)), reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? "" : reader.GetString(2), reader.GetString(3)));
        }

        return events;
    }
}
