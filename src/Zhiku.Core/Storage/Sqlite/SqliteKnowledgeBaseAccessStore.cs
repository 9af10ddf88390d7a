using System.Globalization;
using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;

namespace Zhiku.Core.Storage.Sqlite;

/// <summary>
/// Knowledge-base owners, access lists and settings in the store's SQLite file (tables <c>kb_owners</c>,
/// <c>kb_access</c> and <c>kb_settings</c>, created by the store's migrations); the listing for one user is in
/// <c>SqliteKnowledgeBaseAccessStore.Overview.cs</c>. Everyone is stored as user id 0.
/// </summary>
public sealed partial class SqliteKnowledgeBaseAccessStore : IKnowledgeBaseAccessStore
{
    private const long EveryoneId = 0;
    private readonly MetadataStore _metadata;

    /// <summary>The access tables of a store (made by <see cref="MetadataStore.Open"/>).</summary>
    public SqliteKnowledgeBaseAccessStore(MetadataStore metadata)
    {
        this._metadata = metadata;
    }

    /// <inheritdoc/>
    public Task SetOwnerAsync(long kbId, long ownerId, bool personal, CancellationToken cancellationToken = default) =>
        WriteAsync("record a knowledge base's owner", kbId, "INSERT OR REPLACE INTO kb_owners(kb_id, owner_id, personal) VALUES($kb, $o, $p);",
            cancellationToken, ("$kb", kbId), ("$o", ownerId), ("$p", personal ? 1 : 0));

    /// <inheritdoc/>
    public Task<KbOwnership> GetOwnershipAsync(long kbId, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("read a knowledge base's owner", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await OwnershipAsync(connection, kbId, cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<KbRole> GetRoleAsync(UserInfo user, long kbId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return SqliteFailures.RunAsync("read a knowledge base's access list", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            KbOwnership ownership = await OwnershipAsync(connection, kbId, cancellationToken).ConfigureAwait(false);
            if (KbRoleRules.WithoutList(user, ownership) is { } decided)
            {
                return decided;
            }

            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT MAX(role) FROM kb_access WHERE kb_id = $kb AND user_id IN ($u, $all);";
            command.Parameters.AddWithValue("$kb", kbId);
            command.Parameters.AddWithValue("$u", user.Id);
            command.Parameters.AddWithValue("$all", EveryoneId);
            return KbRoleRules.Listed(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?);
        });
    }

    /// <inheritdoc/>
    public Task SetAccessAsync(long kbId, long? userId, KbRole role, CancellationToken cancellationToken = default) =>
        role == KbRole.None
            ? WriteAsync("change a knowledge base's access list", kbId, "DELETE FROM kb_access WHERE kb_id = $kb AND user_id = $u;", cancellationToken,
                ("$kb", kbId), ("$u", userId ?? EveryoneId))
            : WriteAsync("change a knowledge base's access list", kbId, "INSERT OR REPLACE INTO kb_access(kb_id, user_id, role) VALUES($kb, $u, $r);",
                cancellationToken, ("$kb", kbId), ("$u", userId ?? EveryoneId), ("$r", (long)Math.Min((int)role, (int)KbRole.Editor)));

    /// <inheritdoc/>
    public Task<IReadOnlyList<KbAccessEntry>> ListAccessAsync(long kbId, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync<IReadOnlyList<KbAccessEntry>>("read a knowledge base's access list", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = """
                SELECT CASE WHEN a.user_id = 0 THEN '*' ELSE u.name END, a.role
                FROM kb_access a LEFT JOIN users u ON u.id = a.user_id
                WHERE a.kb_id = $kb AND (a.user_id = 0 OR u.id IS NOT NULL) ORDER BY a.user_id;
                """;
            command.Parameters.AddWithValue("$kb", kbId);
            await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var list = new List<KbAccessEntry>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(new KbAccessEntry(reader.GetString(0), (KbRole)reader.GetInt64(1)));
            }

            return list;
        });

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<string, string>> GetSettingsAsync(long kbId, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync<IReadOnlyDictionary<string, string>>("read a knowledge base's settings", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT key, value FROM kb_settings WHERE kb_id = $kb ORDER BY key;";
            command.Parameters.AddWithValue("$kb", kbId);
            await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var settings = new Dictionary<string, string>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                settings[reader.GetString(0)] = reader.GetString(1);
            }

            return settings;
        });

    /// <inheritdoc/>
    public Task SetSettingAsync(long kbId, string key, string? value, CancellationToken cancellationToken = default) =>
        value is null
            ? WriteAsync("change a knowledge base's settings", kbId, "DELETE FROM kb_settings WHERE kb_id = $kb AND key = $k;", cancellationToken,
                ("$kb", kbId), ("$k", key))
            : WriteAsync("change a knowledge base's settings", kbId, "INSERT OR REPLACE INTO kb_settings(kb_id, key, value) VALUES($kb, $k, $v);",
                cancellationToken, ("$kb", kbId), ("$k", key), ("$v", value));

    private static async Task<KbOwnership> OwnershipAsync(SqliteConnection connection, long kbId, CancellationToken cancellationToken)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT owner_id, personal FROM kb_owners WHERE kb_id = $kb;";
        command.Parameters.AddWithValue("$kb", kbId);
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new KbOwnership(reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.GetInt64(1) != 0)
            : new KbOwnership(null, false);
    }

    /// <summary>One write; a violated foreign key means the knowledge base is gone.</summary>
    private Task WriteAsync(string what, long kbId, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        SqliteFailures.RunAsync(what, async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await SqliteDatabase.ExecuteAsync(connection, null, sql, cancellationToken, parameters).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteFailures.Constraint)
            {
                throw ZhikuException.NotFound($"knowledge base {kbId} does not exist / 知识库不存在", kbId.ToString(CultureInfo.InvariantCulture), ex);
            }
        });
}
