using Npgsql;
using Zhiku.Core.Access;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>
/// Users, API keys, web sessions and the account event log in PostgreSQL (tables <c>users</c>, <c>api_keys</c>,
/// <c>sessions</c> and <c>account_events</c>, made by <see cref="PostgresMigrations"/>). Names are unique
/// case-insensitively through the index on <c>lower(name)</c>; keys and tokens are stored only as SHA-256 hashes. A
/// change that ends sessions does it in the same transaction, and a key rotation first locks the user's row, so two
/// nodes rotating one user's key at once leave exactly one valid key.
/// </summary>
public sealed class PostgresUserStore : IUserStore
{
    private const string UserColumns = "id, name, role, groups, disabled, password_hash IS NOT NULL, created_at";

    private readonly PostgresDatabase _database;

    /// <summary>The user tables of an open database.</summary>
    public PostgresUserStore(PostgresDatabase database)
    {
        _database = database;
    }

    /// <inheritdoc/>
    public Task<UserInfo> CreateAsync(string name, string role, IReadOnlyList<string> groups, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("create a user", async () =>
        {
            UserNames.Validate(name);
            role = UserRole.Parse(role, "role");
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null,
                $"INSERT INTO users(name, role, groups, created_at) VALUES(@n, @r, @g, @now) RETURNING {UserColumns};",
                ("n", name), ("r", role), ("g", DocumentGroups.ToColumn(groups)), ("now", PostgresDatabase.Now()));
            try
            {
                return (await ReadAsync(command, cancellationToken).ConfigureAwait(false))[0];
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresFailures.UniqueViolation)
            {
                throw ZhikuException.Conflict($"user '{name}' already exists / 用户 '{name}' 已存在", name, ex);
            }
        });

    /// <inheritdoc/>
    public Task<UserInfo?> FindAsync(string name, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("read a user", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return (await QueryAsync(connection, "WHERE lower(name) = lower(@v)", name ?? "", cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        });

    /// <inheritdoc/>
    public Task<UserInfo?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("read a user", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return (await QueryAsync(connection, "WHERE id = @v", id, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<UserInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync<IReadOnlyList<UserInfo>>("list users", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            // By name as SQLite orders its NOCASE column (ASCII case folded), whatever the database's collation.
            return await QueryAsync(connection, "ORDER BY lower(name COLLATE \"C\"), id", null, cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        ScalarAsync("count users", "SELECT COUNT(*) FROM users;", null, cancellationToken);

    /// <inheritdoc/>
    public Task<string> IssueKeyAsync(long userId, bool revokeOthers, bool opensPersonal = true, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("issue an API key", async () =>
        {
            string key = ApiKeys.Generate();
            DateTimeOffset now = PostgresDatabase.Now();
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (revokeOthers)
            {
                // Rotations of one user take turns: the second revokes the first's new key.
                if (await LockUserAsync(connection, transaction, userId, cancellationToken).ConfigureAwait(false) == 0)
                {
                    throw UserNames.Missing(userId);
                }

                await PostgresDatabase.ExecuteAsync(connection, transaction, "UPDATE api_keys SET revoked_at = @now WHERE user_id = @u AND revoked_at IS NULL;",
                    cancellationToken, ("now", now), ("u", userId)).ConfigureAwait(false);
                await PostgresDatabase.ExecuteAsync(connection, transaction, "DELETE FROM sessions WHERE user_id = @u;", cancellationToken, ("u", userId))
                    .ConfigureAwait(false);
            }

            try
            {
                await PostgresDatabase.ExecuteAsync(connection, transaction,
                    "INSERT INTO api_keys(user_id, key_hash, created_at, opens_personal) VALUES(@u, @h, @now, @p);", cancellationToken,
                    ("u", userId), ("h", ApiKeys.Hash(key)), ("now", now), ("p", opensPersonal)).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresFailures.ForeignKeyViolation)
            {
                throw UserNames.Missing(userId, ex);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return key;
        });

    /// <inheritdoc/>
    public Task<UserInfo?> FindByKeyAsync(string key, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 200)
        {
            return Task.FromResult<UserInfo?>(null);
        }

        return PostgresFailures.RunAsync("check an API key", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, $"""
                SELECT {Qualified("u")}, k.opens_personal FROM api_keys k JOIN users u ON u.id = k.user_id
                WHERE k.key_hash = @h AND k.revoked_at IS NULL AND NOT u.disabled;
                """, ("h", ApiKeys.Hash(key)));
            return await ReadOneWithReachAsync(command, cancellationToken).ConfigureAwait(false);
        });
    }

    /// <inheritdoc/>
    public Task<long> CountKeysAsync(long userId, CancellationToken cancellationToken = default) =>
        ScalarAsync("count API keys", "SELECT COUNT(*) FROM api_keys WHERE user_id = @u AND revoked_at IS NULL;", userId, cancellationToken);

    /// <inheritdoc/>
    public Task<string?> GetPasswordHashAsync(long userId, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("read a password hash", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, "SELECT password_hash FROM users WHERE id = @u;", ("u", userId));
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        });

    /// <inheritdoc/>
    public Task SetPasswordHashAsync(long userId, string? hash, bool opensPersonal = true, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("set a password", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await PostgresDatabase.ExecuteAsync(connection, transaction, "UPDATE users SET password_hash = @v, password_opens_personal = @p WHERE id = @u;",
                cancellationToken, ("v", hash), ("p", opensPersonal), ("u", userId)).ConfigureAwait(false);
            await PostgresDatabase.ExecuteAsync(connection, transaction, "DELETE FROM sessions WHERE user_id = @u;", cancellationToken, ("u", userId))
                .ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<bool> PasswordOpensPersonalAsync(long userId, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("read a password's reach", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, "SELECT password_opens_personal FROM users WHERE id = @u;",
                ("u", userId));
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
        });

    /// <inheritdoc/>
    public Task SetDisabledAsync(long userId, bool disabled, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync(disabled ? "disable a user" : "enable a user", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await PostgresDatabase.ExecuteAsync(connection, transaction, "UPDATE users SET disabled = @v WHERE id = @u;", cancellationToken,
                ("v", disabled), ("u", userId)).ConfigureAwait(false);
            if (disabled)
            {
                await PostgresDatabase.ExecuteAsync(connection, transaction, "DELETE FROM sessions WHERE user_id = @u;", cancellationToken, ("u", userId))
                    .ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public async Task SetRoleAsync(long userId, string role, CancellationToken cancellationToken = default)
    {
        string parsed = UserRole.Parse(role, "role");
        await UpdateAsync("change a user's role", userId, "UPDATE users SET role = @v WHERE id = @u;", parsed, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task SetGroupsAsync(long userId, IReadOnlyList<string> groups, CancellationToken cancellationToken = default) =>
        UpdateAsync("change a user's groups", userId, "UPDATE users SET groups = @v WHERE id = @u;", DocumentGroups.ToColumn(groups), cancellationToken);

    /// <inheritdoc/>
    public Task<string> StartSessionAsync(long userId, bool opensPersonal, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("start a session", async () =>
        {
            string token = ApiKeys.Generate();
            DateTimeOffset now = PostgresDatabase.Now();
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await PostgresDatabase.ExecuteAsync(connection, null, "DELETE FROM sessions WHERE created_at < @old;", cancellationToken,
                ("old", now.Subtract(IUserStore.MaxSessionAge))).ConfigureAwait(false);
            try
            {
                await PostgresDatabase.ExecuteAsync(connection, null,
                    "INSERT INTO sessions(token_hash, user_id, opens_personal, created_at) VALUES(@h, @u, @p, @now);", cancellationToken,
                    ("h", ApiKeys.Hash(token)), ("u", userId), ("p", opensPersonal), ("now", now)).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresFailures.ForeignKeyViolation)
            {
                throw UserNames.Missing(userId, ex);
            }

            return token;
        });

    /// <inheritdoc/>
    public Task<UserInfo?> FindSessionAsync(string token, long userId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return Task.FromResult<UserInfo?>(null);
        }

        return PostgresFailures.RunAsync("check a session", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, $"""
                SELECT {Qualified("u")}, s.opens_personal FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = @h AND s.user_id = @u AND s.created_at >= @old AND NOT u.disabled;
                """, ("h", ApiKeys.Hash(token)), ("u", userId), ("old", PostgresDatabase.Now().Subtract(IUserStore.MaxSessionAge)));
            return await ReadOneWithReachAsync(command, cancellationToken).ConfigureAwait(false);
        });
    }

    /// <inheritdoc/>
    public Task EndSessionAsync(string token, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("end a session", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await PostgresDatabase.ExecuteAsync(connection, null, "DELETE FROM sessions WHERE token_hash = @h;", cancellationToken,
                ("h", ApiKeys.Hash(token ?? ""))).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task EndSessionsAsync(long userId, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("end a user's sessions", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await PostgresDatabase.ExecuteAsync(connection, null, "DELETE FROM sessions WHERE user_id = @u;", cancellationToken, ("u", userId)).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<long> CountSessionsAsync(long userId, CancellationToken cancellationToken = default) =>
        ScalarAsync("count sessions", "SELECT COUNT(*) FROM sessions WHERE user_id = @u;", userId, cancellationToken);

    /// <inheritdoc/>
    public Task RecordEventAsync(long? actorId, long targetId, string action, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("record an account event", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await PostgresDatabase.ExecuteAsync(connection, null, "INSERT INTO account_events(time, actor_id, target_id, action) VALUES(@now, @a, @t, @x);",
                cancellationToken, ("now", PostgresDatabase.Now()), ("a", actorId), ("t", targetId), ("x", action)).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<AccountEvent>> ListEventsAsync(long targetId, int limit = 100, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync<IReadOnlyList<AccountEvent>>("list account events", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, """
                SELECT e.time, a.name, t.name, e.action FROM account_events e
                LEFT JOIN users a ON a.id = e.actor_id LEFT JOIN users t ON t.id = e.target_id
                WHERE e.target_id = @t ORDER BY e.id DESC LIMIT @limit;
                """, ("t", targetId), ("limit", Math.Max(1, limit)));
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var events = new List<AccountEvent>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                events.Add(new AccountEvent(reader.GetFieldValue<DateTimeOffset>(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? "" : reader.GetString(2), reader.GetString(3)));
            }

            return events;
        });

    /// <summary>Locks a user's row for the transaction; 0 when the user does not exist.</summary>
    private static async Task<int> LockUserAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long userId, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand command = PostgresDatabase.Command(connection, transaction, "SELECT 1 FROM users WHERE id = @u FOR UPDATE;", ("u", userId));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int found ? found : 0;
    }

    private static string Qualified(string alias) =>
        $"{alias}.id, {alias}.name, {alias}.role, {alias}.groups, {alias}.disabled, {alias}.password_hash IS NOT NULL, {alias}.created_at";

    private Task UpdateAsync(string what, long userId, string sql, object? value, CancellationToken cancellationToken) =>
        PostgresFailures.RunAsync(what, async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await PostgresDatabase.ExecuteAsync(connection, null, sql, cancellationToken, ("v", value), ("u", userId)).ConfigureAwait(false);
        });

    private Task<long> ScalarAsync(string what, string sql, long? userId, CancellationToken cancellationToken) =>
        PostgresFailures.RunAsync(what, async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = userId is long id
                ? PostgresDatabase.Command(connection, null, sql, ("u", id))
                : PostgresDatabase.Command(connection, null, sql);
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        });

    private static async Task<List<UserInfo>> QueryAsync(NpgsqlConnection connection, string where, object? value, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand command = value is null
            ? PostgresDatabase.Command(connection, null, $"SELECT {UserColumns} FROM users {where};")
            : PostgresDatabase.Command(connection, null, $"SELECT {UserColumns} FROM users {where};", ("v", value));
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<UserInfo>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var users = new List<UserInfo>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            users.Add(Read(reader));
        }

        return users;
    }

    /// <summary>The one user of a row that ends with the credential's <c>opens_personal</c>, or null.</summary>
    private static async Task<UserInfo?> ReadOneWithReachAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) with { OpensPersonal = reader.GetBoolean(7) } : null;
    }

    /// <summary>A user from the first seven columns (<see cref="UserColumns"/>).</summary>
    private static UserInfo Read(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), DocumentGroups.FromColumn(reader.IsDBNull(3) ? null : reader.GetString(3)),
            reader.GetBoolean(4), reader.GetBoolean(5), reader.GetFieldValue<DateTimeOffset>(6));
}
