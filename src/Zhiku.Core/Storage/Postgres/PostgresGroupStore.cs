using Npgsql;
using Zhiku.Core.Access;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>Document groups in PostgreSQL: the <c>groups</c> column of <c>documents</c>, comma-separated as in SQLite
/// (<see cref="DocumentGroups"/>), so both engines decide who reads with the same rule.</summary>
public sealed class PostgresGroupStore : IGroupStore
{
    private readonly PostgresDatabase _database;

    /// <summary>The document groups of an open database.</summary>
    public PostgresGroupStore(PostgresDatabase database)
    {
        _database = database;
    }

    /// <inheritdoc/>
    public Task<IReadOnlySet<long>> GetUnreadableDocumentsAsync(long kbId, ReadAccess access, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        if (access.ReadsAll)
        {
            return Task.FromResult<IReadOnlySet<long>>(new HashSet<long>());
        }

        return PostgresFailures.RunAsync<IReadOnlySet<long>>("read document groups", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null,
                "SELECT id, groups FROM documents WHERE kb_id = @kb AND groups IS NOT NULL AND groups <> '';", ("kb", kbId));
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var denied = new HashSet<long>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!access.CanRead(DocumentGroups.FromColumn(reader.GetString(1))))
                {
                    denied.Add(reader.GetInt64(0));
                }
            }

            return denied;
        });
    }

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<long, IReadOnlyList<string>>> GetDocumentGroupsAsync(IReadOnlyCollection<long> docIds,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(docIds);
        if (docIds.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<long, IReadOnlyList<string>>>(new Dictionary<long, IReadOnlyList<string>>());
        }

        return PostgresFailures.RunAsync<IReadOnlyDictionary<long, IReadOnlyList<string>>>("read document groups", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, "SELECT id, groups FROM documents WHERE id = ANY(@ids);",
                ("ids", docIds.Distinct().ToArray()));
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var groups = new Dictionary<long, IReadOnlyList<string>>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                groups[reader.GetInt64(0)] = DocumentGroups.FromColumn(reader.IsDBNull(1) ? null : reader.GetString(1));
            }

            return groups;
        });
    }

    /// <inheritdoc/>
    public Task<bool> SetDocumentGroupsAsync(long kbId, long docId, IReadOnlyList<string> groups, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("change a document's groups", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await PostgresDatabase.ExecuteAsync(connection, null, "UPDATE documents SET groups = @g, updated_at = @now WHERE id = @id AND kb_id = @kb;",
                cancellationToken, ("g", DocumentGroups.ToColumn(groups)), ("now", PostgresDatabase.Now()), ("id", docId), ("kb", kbId)).ConfigureAwait(false) > 0;
        });
}
