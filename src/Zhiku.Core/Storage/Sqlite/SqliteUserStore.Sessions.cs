using System.Globalization;
using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;

namespace Zhiku.Core.Storage.Sqlite;

/// <summary>Web sessions (table <c>sessions</c>: only the SHA-256 of each token) and the account event log (table <c>account_events</c>).</summary>
public sealed partial class SqliteUserStore
{
    /// <inheritdoc/>
    public Task<string> StartSessionAsync(long userId, bool opensPersonal, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("start a session", async () =>
        {
            string token = ApiKeys.Generate();
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await SqliteDatabase.ExecuteAsync(connection, null, "DELETE FROM sessions WHERE created_at < $old;", cancellationToken,
                ("$old", DateTimeOffset.UtcNow.Subtract(IUserStore.MaxSessionAge).ToString("O", CultureInfo.InvariantCulture))).ConfigureAwait(false);
            try
            {
                await SqliteDatabase.ExecuteAsync(connection, null,
                    "INSERT INTO sessions(token_hash, user_id, opens_personal, created_at) VALUES($h, $u, $p, $now);", cancellationToken,
                    ("$h", ApiKeys.Hash(token)), ("$u", userId), ("$p", opensPersonal ? 1 : 0), ("$now", MetadataStore.Now())).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteFailures.Constraint)
            {
                throw MissingUser(userId, ex);
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

        return SqliteFailures.RunAsync("check a session", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            bool opensPersonal;
            using (SqliteCommand command = connection.CreateCommand())
            {
                command.CommandText = "SELECT opens_personal, created_at FROM sessions WHERE token_hash = $h AND user_id = $u;";
                command.Parameters.AddWithValue("$h", ApiKeys.Hash(token));
                command.Parameters.AddWithValue("$u", userId);
                await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                    || MetadataStore.ParseTime(reader.GetString(1)) < DateTimeOffset.UtcNow.Subtract(IUserStore.MaxSessionAge))
                {
                    return null;
                }

                opensPersonal = reader.GetInt64(0) != 0;
            }

            UserInfo? user = (await QueryAsync(connection, "WHERE id = $v", userId, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            return user is { Disabled: false } ? user with { OpensPersonal = opensPersonal } : null;
        });
    }

    /// <inheritdoc/>
    public Task EndSessionAsync(string token, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("end a session", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await SqliteDatabase.ExecuteAsync(connection, null, "DELETE FROM sessions WHERE token_hash = $h;", cancellationToken, ("$h", ApiKeys.Hash(token ?? "")))
                .ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task EndSessionsAsync(long userId, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("end a user's sessions", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await SqliteDatabase.ExecuteAsync(connection, null, "DELETE FROM sessions WHERE user_id = $u;", cancellationToken, ("$u", userId)).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<long> CountSessionsAsync(long userId, CancellationToken cancellationToken = default) =>
        ScalarAsync("count sessions", "SELECT COUNT(*) FROM sessions WHERE user_id = $u;", userId, cancellationToken);

    /// <inheritdoc/>
    public Task RecordEventAsync(long? actorId, long targetId, string action, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("record an account event", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await SqliteDatabase.ExecuteAsync(connection, null, "INSERT INTO account_events(time, actor_id, target_id, action) VALUES($now, $a, $t, $x);",
                cancellationToken, ("$now", MetadataStore.Now()), ("$a", actorId), ("$t", targetId), ("$x", action)).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<AccountEvent>> ListEventsAsync(long targetId, int limit = 100, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync<IReadOnlyList<AccountEvent>>("list account events", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = """
                SELECT e.time, a.name, t.name, e.action FROM account_events e
                LEFT JOIN users a ON a.id = e.actor_id LEFT JOIN users t ON t.id = e.target_id
                WHERE e.target_id = $t ORDER BY e.id DESC LIMIT $limit;
                """;
            command.Parameters.AddWithValue("$t", targetId);
            command.Parameters.AddWithValue("$limit", Math.Max(1, limit));
            await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var events = new List<AccountEvent>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                events.Add(new AccountEvent(MetadataStore.ParseTime(reader.GetString(0)), reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? "" : reader.GetString(2), reader.GetString(3)));
            }

            return events;
        });
}
