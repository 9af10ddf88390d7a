using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;

namespace Zhiku.Core.Storage;

/// <summary>
/// Who may use each knowledge base: owner, personal flag, access list (user or everyone → reader/editor) and
/// per-knowledge-base settings, in tables <c>kb_owners</c>, <c>kb_access</c> and <c>kb_settings</c> (created by the store's migrations).
/// A shared knowledge base without access entries is visible to admins and its owner only: sharing is explicit.
/// </summary>
public sealed partial class KnowledgeBaseAccessStore
{
    /// <summary>The access-list name meaning every signed-in user.</summary>
    public const string Everyone = "*";

    private const long EveryoneId = 0;
    private readonly MetadataStore _metadata;

    /// <summary>The access tables of a store (made by <see cref="MetadataStore.Open"/>).</summary>
    public KnowledgeBaseAccessStore(MetadataStore metadata)
    {
        this._metadata = metadata;
    }

    /// <summary>Records the owner of a new knowledge base.</summary>
    public void SetOwner(long kbId, long ownerId, bool personal)
    {
        using SqliteConnection connection = _metadata.Connect();
        MetadataStore.Execute(connection, null, "INSERT OR REPLACE INTO kb_owners(kb_id, owner_id, personal) VALUES($kb, $o, $p);",
            ("$kb", kbId), ("$o", ownerId), ("$p", personal ? 1 : 0));
    }

    /// <summary>Owner and personal flag; knowledge bases made by the CLI have no owner and are shared.</summary>
    public KbOwnership GetOwnership(long kbId)
    {
        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT owner_id, personal FROM kb_owners WHERE kb_id = $kb;";
        command.Parameters.AddWithValue("$kb", kbId);
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read() ? new KbOwnership(reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.GetInt64(1) != 0) : new KbOwnership(null, false);
    }

    /// <summary>What <paramref name="user"/> may do with a knowledge base.</summary>
    public KbRole GetRole(UserInfo user, long kbId)
    {
        KbOwnership ownership = GetOwnership(kbId);
        if (RoleWithoutList(user, ownership) is { } decided)
        {
            return decided;
        }

        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(role) FROM kb_access WHERE kb_id = $kb AND user_id IN ($u, $all);";
        command.Parameters.AddWithValue("$kb", kbId);
        command.Parameters.AddWithValue("$u", user.Id);
        command.Parameters.AddWithValue("$all", EveryoneId);
        return ListedRole(command.ExecuteScalar());
    }

    /// <summary>The role that ownership alone decides (personal, admin, owner), or null when the access list decides.</summary>
    private static KbRole? RoleWithoutList(UserInfo user, KbOwnership ownership)
    {
        if (ownership.Personal)
        {
            // Closed to everyone else, admins included, and to credentials an admin minted or chose for the owner.
            return ownership.OwnerId == user.Id && user.OpensPersonal ? KbRole.Owner : KbRole.None;
        }

        return user.IsAdmin || ownership.OwnerId == user.Id ? KbRole.Owner : null;
    }

    private static KbRole ListedRole(object? maxRole) =>
        maxRole is long role ? (KbRole)Math.Clamp(role, 0, (long)KbRole.Editor) : KbRole.None;

    /// <summary>Sets one access-list line; <see cref="KbRole.None"/> removes it. <paramref name="userId"/> null means everyone.</summary>
    public void SetAccess(long kbId, long? userId, KbRole role)
    {
        using SqliteConnection connection = _metadata.Connect();
        if (role == KbRole.None)
        {
            MetadataStore.Execute(connection, null, "DELETE FROM kb_access WHERE kb_id = $kb AND user_id = $u;", ("$kb", kbId), ("$u", userId ?? EveryoneId));
            return;
        }

        MetadataStore.Execute(connection, null, "INSERT OR REPLACE INTO kb_access(kb_id, user_id, role) VALUES($kb, $u, $r);",
            ("$kb", kbId), ("$u", userId ?? EveryoneId), ("$r", (long)Math.Min((int)role, (int)KbRole.Editor)));
    }

    /// <summary>The access list, with user names ("*" for everyone).</summary>
    public IReadOnlyList<KbAccessEntry> ListAccess(long kbId)
    {
        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT CASE WHEN a.user_id = 0 THEN '*' ELSE u.name END, a.role
            FROM kb_access a LEFT JOIN users u ON u.id = a.user_id
            WHERE a.kb_id = $kb AND (a.user_id = 0 OR u.id IS NOT NULL) ORDER BY a.user_id;
            """;
        command.Parameters.AddWithValue("$kb", kbId);
        using SqliteDataReader reader = command.ExecuteReader();
        var list = new List<KbAccessEntry>();
        while (reader.Read())
        {
            list.Add(new KbAccessEntry(reader.GetString(0), (KbRole)reader.GetInt64(1)));
        }

        return list;
    }

    /// <summary>Per-knowledge-base settings (prompt template, provider, description…).</summary>
    public IReadOnlyDictionary<string, string> GetSettings(long kbId)
    {
        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT key, value FROM kb_settings WHERE kb_id = $kb ORDER BY key;";
        command.Parameters.AddWithValue("$kb", kbId);
        using SqliteDataReader reader = command.ExecuteReader();
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            settings[reader.GetString(0)] = reader.GetString(1);
        }

        return settings;
    }

    /// <summary>Sets a setting; null removes it.</summary>
    public void SetSetting(long kbId, string key, string? value)
    {
        using SqliteConnection connection = _metadata.Connect();
        if (value is null)
        {
            MetadataStore.Execute(connection, null, "DELETE FROM kb_settings WHERE kb_id = $kb AND key = $k;", ("$kb", kbId), ("$k", key));
        }
        else
        {
            MetadataStore.Execute(connection, null, "INSERT OR REPLACE INTO kb_settings(kb_id, key, value) VALUES($kb, $k, $v);", ("$kb", kbId), ("$k", key), ("$v", value));
        }
    }
}
