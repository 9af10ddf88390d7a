using System.Data;
using Npgsql;
using Zhiku.Core.Access;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>The knowledge bases one user may see, read in one round trip.</summary>
public sealed partial class PostgresKnowledgeBaseAccessStore
{
    /// <inheritdoc/>
    public Task<IReadOnlyList<KnowledgeBaseOverview>> ListVisibleAsync(UserInfo user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return PostgresFailures.RunAsync<IReadOnlyList<KnowledgeBaseOverview>>("list knowledge bases", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            // One snapshot for the three statements, so a document added or removed meanwhile by another node cannot
            // make the readable count disagree with the total it is taken from.
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken)
                .ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection, transaction);
            batch.BatchCommands.Add(Statement("""
                SELECT k.id, k.name, k.policy, k.created_at, o.owner_id, COALESCE(o.personal, false), u.name,
                       (SELECT MAX(a.role) FROM kb_access a WHERE a.kb_id = k.id AND a.user_id IN (@u, @all)),
                       COALESCE(d.n, 0)
                FROM kbs k
                LEFT JOIN kb_owners o ON o.kb_id = k.id
                LEFT JOIN users u ON u.id = o.owner_id
                LEFT JOIN (SELECT kb_id, COUNT(*) AS n FROM documents GROUP BY kb_id) d ON d.kb_id = k.id
                ORDER BY k.name COLLATE "C";
                """, ("u", user.Id), ("all", EveryoneId)));
            // The restricted documents' groups, judged by the shared rule (ReadAccess.CanRead) rather than in SQL.
            batch.BatchCommands.Add(Statement(
                "SELECT kb_id, groups, COUNT(*) FROM documents WHERE groups IS NOT NULL AND groups <> '' GROUP BY kb_id, groups;"));
            batch.BatchCommands.Add(Statement("SELECT kb_id, key, value FROM kb_settings;"));

            var rows = new List<(KnowledgeBaseInfo Info, KbRole Role, KbOwnership Ownership, string? Owner, long Documents)>();
            var unreadable = new Dictionary<long, long>();
            var settings = new Dictionary<long, Dictionary<string, string>>();
            ReadAccess access = user.ReadAccess;
            await using (NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    KnowledgeBaseInfo info = PostgresKnowledgeBaseStore.Read(reader, 0);
                    var ownership = new KbOwnership(reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.GetBoolean(5));
                    KbRole role = KbRoleRules.WithoutList(user, ownership) ?? KbRoleRules.Listed(reader.IsDBNull(7) ? null : reader.GetInt32(7));
                    if (role != KbRole.None)
                    {
                        rows.Add((info, role, ownership, reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetInt64(8)));
                    }
                }

                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (!access.CanRead(DocumentGroups.FromColumn(reader.GetString(1))))
                    {
                        long kb = reader.GetInt64(0);
                        unreadable[kb] = unreadable.GetValueOrDefault(kb) + reader.GetInt64(2);
                    }
                }

                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                await ReadSettingsAsync(reader, settings, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return rows.Select(r => new KnowledgeBaseOverview(r.Info, r.Role, r.Ownership, r.Owner,
                    r.Documents - unreadable.GetValueOrDefault(r.Info.Id),
                    settings.TryGetValue(r.Info.Id, out Dictionary<string, string>? s) ? s : NoSettings()))
                .ToList();
        });
    }

    private static NpgsqlBatchCommand Statement(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach ((string name, object value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
