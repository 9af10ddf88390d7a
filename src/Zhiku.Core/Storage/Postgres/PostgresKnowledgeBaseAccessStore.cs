using System.Globalization;
using Npgsql;
using Zhiku.Core.Access;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>
/// Knowledge-base owners, access lists and settings in PostgreSQL (tables <c>kb_owners</c>, <c>kb_access</c> and
/// <c>kb_settings</c>, made by <see cref="PostgresMigrations"/>); the listing for one user is in
/// <c>PostgresKnowledgeBaseAccessStore.Overview.cs</c>. Everyone is stored as user id 0, as in SQLite. Lines and
/// settings are written with one upsert (<c>ON CONFLICT … DO UPDATE</c>), so nodes changing the same line at once
/// never fail on each other and leave one of their values; a write to a knowledge base that is gone (or deleted while
/// the write runs) fails its foreign key and is <see cref="ErrorKind.NotFound"/>.
/// </summary>
public sealed partial class PostgresKnowledgeBaseAccessStore : IKnowledgeBaseAccessStore
{
    private const long EveryoneId = 0;
    private readonly PostgresDatabase _database;

    /// <summary>The access tables of an open database.</summary>
    public PostgresKnowledgeBaseAccessStore(PostgresDatabase database)
    {
        _database = database;
    }

    /// <inheritdoc/>
    public Task SetOwnerAsync(long kbId, long ownerId, bool personal, CancellationToken cancellationToken = default) =>
        WriteAsync("record a knowledge base's owner", kbId, """
            INSERT INTO kb_owners(kb_id, owner_id, personal) VALUES(@kb, @o, @p)
            ON CONFLICT (kb_id) DO UPDATE SET owner_id = excluded.owner_id, personal = excluded.personal;
            """, cancellationToken, ("kb", kbId), ("o", ownerId), ("p", personal));

    /// <inheritdoc/>
    public Task<KbOwnership> GetOwnershipAsync(long kbId, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("read a knowledge base's owner", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, "SELECT owner_id, personal FROM kb_owners WHERE kb_id = @kb;",
                ("kb", kbId));
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new KbOwnership(reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.GetBoolean(1))
                : new KbOwnership(null, false);
        });

    /// <inheritdoc/>
    public Task<KbRole> GetRoleAsync(UserInfo user, long kbId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return PostgresFailures.RunAsync("read a knowledge base's access list", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            // Ownership and the best line in one round trip; the rules decide which of them counts.
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, """
                SELECT o.owner_id, COALESCE(o.personal, false),
                       (SELECT MAX(a.role) FROM kb_access a WHERE a.kb_id = @kb AND a.user_id IN (@u, @all))
                FROM (SELECT 1) one LEFT JOIN kb_owners o ON o.kb_id = @kb;
                """, ("kb", kbId), ("u", user.Id), ("all", EveryoneId));
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var ownership = new KbOwnership(reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.GetBoolean(1));
            return KbRoleRules.WithoutList(user, ownership) ?? KbRoleRules.Listed(reader.IsDBNull(2) ? null : reader.GetInt32(2));
        });
    }

    /// <inheritdoc/>
    public Task SetAccessAsync(long kbId, long? userId, KbRole role, CancellationToken cancellationToken = default) =>
        role == KbRole.None
            ? WriteAsync("change a knowledge base's access list", kbId, "DELETE FROM kb_access WHERE kb_id = @kb AND user_id = @u;", cancellationToken,
                ("kb", kbId), ("u", userId ?? EveryoneId))
            : WriteAsync("change a knowledge base's access list", kbId, """
                INSERT INTO kb_access(kb_id, user_id, role) VALUES(@kb, @u, @r)
                ON CONFLICT (kb_id, user_id) DO UPDATE SET role = excluded.role;
                """, cancellationToken, ("kb", kbId), ("u", userId ?? EveryoneId), ("r", Math.Min((int)role, (int)KbRole.Editor)));

    /// <inheritdoc/>
    public Task<IReadOnlyList<KbAccessEntry>> ListAccessAsync(long kbId, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync<IReadOnlyList<KbAccessEntry>>("read a knowledge base's access list", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, """
                SELECT CASE WHEN a.user_id = @all THEN @everyone ELSE u.name END, a.role
                FROM kb_access a LEFT JOIN users u ON u.id = a.user_id
                WHERE a.kb_id = @kb AND (a.user_id = @all OR u.id IS NOT NULL) ORDER BY a.user_id;
                """, ("kb", kbId), ("all", EveryoneId), ("everyone", IKnowledgeBaseAccessStore.Everyone));
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var list = new List<KbAccessEntry>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(new KbAccessEntry(reader.GetString(0), (KbRole)reader.GetInt32(1)));
            }

            return list;
        });

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<string, string>> GetSettingsAsync(long kbId, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync<IReadOnlyDictionary<string, string>>("read a knowledge base's settings", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, "SELECT kb_id, key, value FROM kb_settings WHERE kb_id = @kb;",
                ("kb", kbId));
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var settings = new Dictionary<long, Dictionary<string, string>>();
            await ReadSettingsAsync(reader, settings, cancellationToken).ConfigureAwait(false);
            return settings.GetValueOrDefault(kbId) ?? NoSettings();
        });

    /// <inheritdoc/>
    public Task SetSettingAsync(long kbId, string key, string? value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return value is null
            ? WriteAsync("change a knowledge base's settings", kbId, "DELETE FROM kb_settings WHERE kb_id = @kb AND key = @k;", cancellationToken,
                ("kb", kbId), ("k", key))
            : WriteAsync("change a knowledge base's settings", kbId, """
                INSERT INTO kb_settings(kb_id, key, value) VALUES(@kb, @k, @v)
                ON CONFLICT (kb_id, key) DO UPDATE SET value = excluded.value;
                """, cancellationToken, ("kb", kbId), ("k", key), ("v", value));
    }

    private static Dictionary<string, string> NoSettings() => new(StringComparer.Ordinal);

    /// <summary>Reads the rows of <c>kb_id, key, value</c> of the current result into settings by knowledge base.</summary>
    private static async Task ReadSettingsAsync(NpgsqlDataReader reader, Dictionary<long, Dictionary<string, string>> into, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            long kb = reader.GetInt64(0);
            if (!into.TryGetValue(kb, out Dictionary<string, string>? settings))
            {
                into[kb] = settings = NoSettings();
            }

            settings[reader.GetString(1)] = reader.GetString(2);
        }
    }

    /// <summary>One write in a transaction; a violated foreign key means the knowledge base is gone.</summary>
    private Task WriteAsync(string what, long kbId, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        PostgresFailures.RunAsync(what, async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await PostgresDatabase.ExecuteAsync(connection, transaction, sql, cancellationToken, parameters).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresFailures.ForeignKeyViolation)
            {
                throw ZhikuException.NotFound($"knowledge base {kbId} does not exist / 知识库不存在", kbId.ToString(CultureInfo.InvariantCulture), ex);
            }

            await PostgresDatabase.CommitUnlessCancelledAsync(transaction, cancellationToken).ConfigureAwait(false);
        });
}
