using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;

namespace Zhiku.Core.Storage.Sqlite;

/// <summary>The knowledge bases one user may see, read with a fixed number of queries.</summary>
public sealed partial class SqliteKnowledgeBaseAccessStore
{
    /// <inheritdoc/>
    public Task<IReadOnlyList<KnowledgeBaseOverview>> ListVisibleAsync(UserInfo user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return SqliteFailures.RunAsync<IReadOnlyList<KnowledgeBaseOverview>>("list knowledge bases", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<(KnowledgeBaseInfo Info, KbRole Role, KbOwnership Ownership, string? Owner, long Documents)>();
            using (SqliteCommand command = connection.CreateCommand())
            {
                // One grouped query for all of them, plus the restricted documents' groups and the settings.
                command.CommandText = """
                    SELECT k.id, k.name, k.policy, k.created_at, o.owner_id, COALESCE(o.personal, 0), u.name,
                           (SELECT MAX(a.role) FROM kb_access a WHERE a.kb_id = k.id AND a.user_id IN ($u, $all)),
                           COALESCE(d.n, 0)
                    FROM kbs k
                    LEFT JOIN kb_owners o ON o.kb_id = k.id
                    LEFT JOIN users u ON u.id = o.owner_id
                    LEFT JOIN (SELECT kb_id, COUNT(*) AS n FROM documents GROUP BY kb_id) d ON d.kb_id = k.id
                    ORDER BY k.name;
                    """;
                command.Parameters.AddWithValue("$u", user.Id);
                command.Parameters.AddWithValue("$all", EveryoneId);
                await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var info = new KnowledgeBaseInfo(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                        MetadataStore.ParseTime(reader.GetString(3)));
                    var ownership = new KbOwnership(reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.GetInt64(5) != 0);
                    KbRole role = KbRoleRules.WithoutList(user, ownership) ?? KbRoleRules.Listed(reader.IsDBNull(7) ? null : reader.GetInt64(7));
                    if (role != KbRole.None)
                    {
                        rows.Add((info, role, ownership, reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetInt64(8)));
                    }
                }
            }

            Dictionary<long, long> unreadable = await UnreadableCountsAsync(connection, user.ReadAccess, cancellationToken).ConfigureAwait(false);
            Dictionary<long, Dictionary<string, string>> settings = await AllSettingsAsync(connection, cancellationToken).ConfigureAwait(false);
            return rows.Select(r => new KnowledgeBaseOverview(r.Info, r.Role, r.Ownership, r.Owner,
                    r.Documents - unreadable.GetValueOrDefault(r.Info.Id),
                    settings.TryGetValue(r.Info.Id, out var s) ? s : new Dictionary<string, string>(StringComparer.Ordinal)))
                .ToList();
        });
    }

    private static async Task<Dictionary<long, long>> UnreadableCountsAsync(SqliteConnection connection, ReadAccess access, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<long, long>();
        if (access.ReadsAll)
        {
            return counts;
        }

        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT kb_id, groups, COUNT(*) FROM documents WHERE groups IS NOT NULL AND groups <> '' GROUP BY kb_id, groups;";
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!access.CanRead(DocumentGroups.FromColumn(reader.GetString(1))))
            {
                counts[reader.GetInt64(0)] = counts.GetValueOrDefault(reader.GetInt64(0)) + reader.GetInt64(2);
            }
        }

        return counts;
    }

    private static async Task<Dictionary<long, Dictionary<string, string>>> AllSettingsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT kb_id, key, value FROM kb_settings ORDER BY kb_id, key;";
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var all = new Dictionary<long, Dictionary<string, string>>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            long kb = reader.GetInt64(0);
            if (!all.TryGetValue(kb, out var settings))
            {
                all[kb] = settings = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            settings[reader.GetString(1)] = reader.GetString(2);
        }

        return all;
    }
}
