using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;

namespace Zhiku.Core.Storage.Sqlite;

/// <summary>
/// Users and their API keys in the store's SQLite file (tables <c>users</c> and <c>api_keys</c>, created by the
/// store's migrations); sessions and account events are in <c>SqliteUserStore.Sessions.cs</c>.
/// </summary>
public sealed partial class SqliteUserStore : IUserStore
{
    private const string UserColumns = "id, name, role, groups, disabled, password_hash IS NOT NULL, created_at";

    private readonly MetadataStore _metadata;

    /// <summary>The user tables of a store (made by <see cref="MetadataStore.Open"/>).</summary>
    public SqliteUserStore(MetadataStore metadata)
    {
        this._metadata = metadata;
    }

    /// <inheritdoc/>
    public Task<UserInfo> CreateAsync(string name, string role, IReadOnlyList<string> groups, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("create a user", async () =>
        {
            UserNames.Validate(name);
            role = UserRole.Parse(role, "role");
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await SqliteDatabase.ExecuteAsync(connection, null, "INSERT INTO users(name, role, groups, created_at) VALUES($n, $r, $g, $now);", cancellationToken,
                    ("$n", name), ("$r", role), ("$g", DocumentGroups.ToColumn(groups)), ("$now", MetadataStore.Now())).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteFailures.Constraint)
            {
                throw ZhikuException.Conflict($"user '{name}' already exists / 用户 '{name}' 已存在", name, ex);
            }

            return (await QueryAsync(connection, "WHERE name = $v", name, cancellationToken).ConfigureAwait(false))[0];
        });

    /// <inheritdoc/>
    public Task<UserInfo?> FindAsync(string name, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("read a user", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return (await QueryAsync(connection, "WHERE name = $v", name, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        });

    /// <inheritdoc/>
    public Task<UserInfo?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("read a user", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return (await QueryAsync(connection, "WHERE id = $v", id, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<UserInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync<IReadOnlyList<UserInfo>>("list users", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await QueryAsync(connection, "ORDER BY name", null, cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        ScalarAsync("count users", "SELECT COUNT(*) FROM users;", null, cancellationToken);

    /// <inheritdoc/>
    public Task<string> IssueKeyAsync(long userId, bool revokeOthers, bool opensPersonal = true, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("issue an API key", async () =>
        {
            string key = ApiKeys.Generate();
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteTransaction transaction = connection.BeginTransaction();
            if (revokeOthers)
            {
                await SqliteDatabase.ExecuteAsync(connection, transaction, "UPDATE api_keys SET revoked_at = $now WHERE user_id = $u AND revoked_at IS NULL;",
                    cancellationToken, ("$now", MetadataStore.Now()), ("$u", userId)).ConfigureAwait(false);
                await SqliteDatabase.ExecuteAsync(connection, transaction, "DELETE FROM sessions WHERE user_id = $u;", cancellationToken, ("$u", userId))
                    .ConfigureAwait(false);
            }

            try
            {
                await SqliteDatabase.ExecuteAsync(connection, transaction,
                    "INSERT INTO api_keys(user_id, key_hash, created_at, opens_personal) VALUES($u, $h, $now, $p);", cancellationToken,
                    ("$u", userId), ("$h", ApiKeys.Hash(key)), ("$now", MetadataStore.Now()), ("$p", opensPersonal ? 1 : 0)).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteFailures.Constraint)
            {
                throw MissingUser(userId, ex);
            }

            transaction.Commit();
            return key;
        });

    /// <inheritdoc/>
    public Task<UserInfo?> FindByKeyAsync(string key, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 200)
        {
            return Task.FromResult<UserInfo?>(null);
        }

        return SqliteFailures.RunAsync("check an API key", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            long userId;
            bool opensPersonal;
            using (SqliteCommand command = connection.CreateCommand())
            {
                command.CommandText = "SELECT user_id, opens_personal FROM api_keys WHERE key_hash = $h AND revoked_at IS NULL;";
                command.Parameters.AddWithValue("$h", ApiKeys.Hash(key));
                await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                (userId, opensPersonal) = (reader.GetInt64(0), reader.GetInt64(1) != 0);
            }

            UserInfo? user = (await QueryAsync(connection, "WHERE id = $v", userId, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            return user is { Disabled: false } ? user with { OpensPersonal = opensPersonal } : null;
        });
    }

    /// <inheritdoc/>
    public Task<long> CountKeysAsync(long userId, CancellationToken cancellationToken = default) =>
        ScalarAsync("count API keys", "SELECT COUNT(*) FROM api_keys WHERE user_id = $u AND revoked_at IS NULL;", userId, cancellationToken);

    /// <inheritdoc/>
    public Task<string?> GetPasswordHashAsync(long userId, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("read a password hash", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT password_hash FROM users WHERE id = $u;";
            command.Parameters.AddWithValue("$u", userId);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        });

    /// <inheritdoc/>
    public Task SetPasswordHashAsync(long userId, string? hash, bool opensPersonal = true, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("set a password", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteTransaction transaction = connection.BeginTransaction();
            await SqliteDatabase.ExecuteAsync(connection, transaction, "UPDATE users SET password_hash = $v, password_opens_personal = $p WHERE id = $u;",
                cancellationToken, ("$v", hash), ("$p", opensPersonal ? 1 : 0), ("$u", userId)).ConfigureAwait(false);
            await SqliteDatabase.ExecuteAsync(connection, transaction, "DELETE FROM sessions WHERE user_id = $u;", cancellationToken, ("$u", userId))
                .ConfigureAwait(false);
            transaction.Commit();
        });

    /// <inheritdoc/>
    public Task<bool> PasswordOpensPersonalAsync(long userId, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("read a password's reach", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT password_opens_personal FROM users WHERE id = $u;";
            command.Parameters.AddWithValue("$u", userId);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long value && value != 0;
        });

    /// <inheritdoc/>
    public Task SetDisabledAsync(long userId, bool disabled, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync(disabled ? "disable a user" : "enable a user", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteTransaction transaction = connection.BeginTransaction();
            await SqliteDatabase.ExecuteAsync(connection, transaction, "UPDATE users SET disabled = $v WHERE id = $u;", cancellationToken,
                ("$v", disabled ? 1 : 0), ("$u", userId)).ConfigureAwait(false);
            if (disabled)
            {
                await SqliteDatabase.ExecuteAsync(connection, transaction, "DELETE FROM sessions WHERE user_id = $u;", cancellationToken, ("$u", userId))
                    .ConfigureAwait(false);
            }

            transaction.Commit();
        });

    /// <inheritdoc/>
    public async Task SetRoleAsync(long userId, string role, CancellationToken cancellationToken = default)
    {
        string parsed = UserRole.Parse(role, "role");
        await UpdateAsync("change a user's role", userId, "role", parsed, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task SetGroupsAsync(long userId, IReadOnlyList<string> groups, CancellationToken cancellationToken = default) =>
        UpdateAsync("change a user's groups", userId, "groups", DocumentGroups.ToColumn(groups), cancellationToken);

    private Task UpdateAsync(string what, long userId, string column, object? value, CancellationToken cancellationToken) =>
        SqliteFailures.RunAsync(what, async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await SqliteDatabase.ExecuteAsync(connection, null, $"UPDATE users SET {column} = $v WHERE id = $u;", cancellationToken, ("$v", value), ("$u", userId))
                .ConfigureAwait(false);
        });

    private Task<long> ScalarAsync(string what, string sql, long? userId, CancellationToken cancellationToken) =>
        SqliteFailures.RunAsync(what, async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            if (userId is long id)
            {
                command.Parameters.AddWithValue("$u", id);
            }

            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        });

    private static async Task<List<UserInfo>> QueryAsync(SqliteConnection connection, string where, object? value, CancellationToken cancellationToken)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT {UserColumns} FROM users {where};";
        command.Parameters.AddWithValue("$v", value ?? DBNull.Value);
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var users = new List<UserInfo>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            users.Add(new UserInfo(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                DocumentGroups.FromColumn(reader.IsDBNull(3) ? null : reader.GetString(3)), reader.GetInt64(4) != 0, reader.GetInt64(5) != 0,
                MetadataStore.ParseTime(reader.GetString(6))));
        }

        return users;
    }

    private static ZhikuException MissingUser(long userId, SqliteException ex) => UserNames.Missing(userId, ex);
}
