using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;

namespace Zhiku.Core.Storage;

/// <summary>
/// Users and their API keys, in the store's SQLite database (tables <c>users</c> and <c>api_keys</c>, created
/// by the store's migrations). Keys are stored as SHA-256 hashes; password hashes are opaque strings made by the host's
/// password hasher.
/// </summary>
public sealed partial class UserStore
{
    private readonly MetadataStore _metadata;

    /// <summary>The user tables of a store (made by <see cref="MetadataStore.Open"/>).</summary>
    public UserStore(MetadataStore metadata)
    {
        this._metadata = metadata;
    }

    /// <summary>Creates a user; a taken or invalid name is a <see cref="ZhikuException"/>.</summary>
    public UserInfo Create(string name, string role, IReadOnlyList<string> groups)
    {
        ValidateName(name);
        role = UserRole.Parse(role, "role");
        using SqliteConnection connection = _metadata.Connect();
        try
        {
            MetadataStore.Execute(connection, null, "INSERT INTO users(name, role, groups, created_at) VALUES($n, $r, $g, $now);",
                ("$n", name), ("$r", role), ("$g", DocumentGroups.ToColumn(groups)), ("$now", MetadataStore.Now()));
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            throw ZhikuException.Conflict($"user '{name}' already exists / 用户 '{name}' 已存在", name);
        }

        return Find(name)!;
    }

    /// <summary>The user with this name (case-insensitive), or null.</summary>
    public UserInfo? Find(string name) => Query("WHERE name = $v", name).FirstOrDefault();

    /// <summary>The user with this id, or null.</summary>
    public UserInfo? Get(long id) => Query("WHERE id = $v", id).FirstOrDefault();

    /// <summary>All users by name.</summary>
    public IReadOnlyList<UserInfo> List() => Query("ORDER BY name", null);

    /// <summary>Number of users (zero on a fresh store: the server then explains how to create the first admin).</summary>
    public long Count()
    {
        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM users;";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Issues a new API key for a user and returns it (the only time it is visible).</summary>
    /// <param name="userId">The user.</param>
    /// <param name="revokeOthers">Revoke the user's earlier keys (rotation); this also ends the user's web sessions.</param>
    /// <param name="opensPersonal">False for a key someone else minted for the user (an admin over the API): it works
    /// everywhere the user may go except the user's personal knowledge bases.</param>
    public string IssueKey(long userId, bool revokeOthers, bool opensPersonal = true)
    {
        string key = ApiKeys.Generate();
        using SqliteConnection connection = _metadata.Connect();
        using SqliteTransaction transaction = connection.BeginTransaction();
        if (revokeOthers)
        {
            MetadataStore.Execute(connection, transaction, "UPDATE api_keys SET revoked_at = $now WHERE user_id = $u AND revoked_at IS NULL;",
                ("$now", MetadataStore.Now()), ("$u", userId));
            MetadataStore.Execute(connection, transaction, "DELETE FROM sessions WHERE user_id = $u;", ("$u", userId));
        }

        MetadataStore.Execute(connection, transaction, "INSERT INTO api_keys(user_id, key_hash, created_at, opens_personal) VALUES($u, $h, $now, $p);",
            ("$u", userId), ("$h", ApiKeys.Hash(key)), ("$now", MetadataStore.Now()), ("$p", opensPersonal ? 1 : 0));
        transaction.Commit();
        return key;
    }

    /// <summary>The enabled user owning a valid (not revoked) key, or null. <see cref="UserInfo.OpensPersonal"/> says
    /// whether this key opens the user's personal knowledge bases.</summary>
    public UserInfo? FindByKey(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 200)
        {
            return null;
        }

        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT user_id, opens_personal FROM api_keys WHERE key_hash = $h AND revoked_at IS NULL;";
        command.Parameters.AddWithValue("$h", ApiKeys.Hash(key));
        using SqliteDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        UserInfo? user = Get(reader.GetInt64(0));
        return user is { Disabled: false } ? user with { OpensPersonal = reader.GetInt64(1) != 0 } : null;
    }

    /// <summary>Number of valid keys of a user.</summary>
    public long CountKeys(long userId)
    {
        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM api_keys WHERE user_id = $u AND revoked_at IS NULL;";
        command.Parameters.AddWithValue("$u", userId);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The stored password hash, or null when the user has no password.</summary>
    public string? GetPasswordHash(long userId)
    {
        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT password_hash FROM users WHERE id = $u;";
        command.Parameters.AddWithValue("$u", userId);
        return command.ExecuteScalar() as string;
    }

    /// <summary>Sets (or with null removes) the password hash and ends the user's web sessions.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="hash">The new hash, or null for no password.</param>
    /// <param name="opensPersonal">False for a password someone else chose (an admin over the API): signing in with it
    /// does not open the user's personal knowledge bases.</param>
    public void SetPasswordHash(long userId, string? hash, bool opensPersonal = true)
    {
        using SqliteConnection connection = _metadata.Connect();
        using SqliteTransaction transaction = connection.BeginTransaction();
        MetadataStore.Execute(connection, transaction, "UPDATE users SET password_hash = $v, password_opens_personal = $p WHERE id = $u;",
            ("$v", hash), ("$p", opensPersonal ? 1 : 0), ("$u", userId));
        MetadataStore.Execute(connection, transaction, "DELETE FROM sessions WHERE user_id = $u;", ("$u", userId));
        transaction.Commit();
    }

    /// <summary>True when the user's password opens their personal knowledge bases (they chose it themselves).</summary>
    public bool PasswordOpensPersonal(long userId)
    {
        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT password_opens_personal FROM users WHERE id = $u;";
        command.Parameters.AddWithValue("$u", userId);
        return command.ExecuteScalar() is long value && value != 0;
    }

    /// <summary>Disables or enables a user; disabling ends their web sessions.</summary>
    public void SetDisabled(long userId, bool disabled)
    {
        Update(userId, "disabled", disabled ? 1 : 0);
        if (disabled)
        {
            EndSessions(userId);
        }
    }

    /// <summary>Changes the role.</summary>
    public void SetRole(long userId, string role) => Update(userId, "role", UserRole.Parse(role, "role"));

    /// <summary>Replaces the user's groups.</summary>
    public void SetGroups(long userId, IReadOnlyList<string> groups) => Update(userId, "groups", DocumentGroups.ToColumn(groups));

    private void Update(long userId, string column, object? value)
    {
        using SqliteConnection connection = _metadata.Connect();
        MetadataStore.Execute(connection, null, $"UPDATE users SET {column} = $v WHERE id = $u;", ("$v", value), ("$u", userId));
    }

    private List<UserInfo> Query(string where, object? value)
    {
        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT id, name, role, groups, disabled, password_hash IS NOT NULL, created_at FROM users {where};";
        command.Parameters.AddWithValue("$v", value ?? DBNull.Value);
        using SqliteDataReader reader = command.ExecuteReader();
        var users = new List<UserInfo>();
        while (reader.Read())
        {
            users.Add(new UserInfo(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                DocumentGroups.FromColumn(reader.IsDBNull(3) ? null : reader.GetString(3)), reader.GetInt64(4) != 0, reader.GetInt64(5) != 0,
                MetadataStore.ParseTime(reader.GetString(6))));
        }

        return users;
    }

    private static void ValidateName(string name)
    {
        if (!UserName().IsMatch(name ?? ""))
        {
            throw ZhikuException.InvalidInput($"invalid user name '{name}': use 1-64 letters, digits, Chinese characters, '-', '_', '.' or '@' / 用户名无效");
        }
    }

    [GeneratedRegex(@"^[\p{L}\p{N}_][\p{L}\p{N}_.@\-]{0,63}$")]
    private static partial Regex UserName();
}
