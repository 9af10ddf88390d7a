using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;

namespace Zhiku.Core.Storage.Sqlite;

/// <summary>Document groups in the store's SQLite file (the <c>groups</c> column of <c>documents</c>, comma-separated).</summary>
public sealed class SqliteGroupStore : IGroupStore
{
    private readonly MetadataStore _metadata;

    /// <summary>The document groups of a store (made by <see cref="MetadataStore.Open"/>).</summary>
    public SqliteGroupStore(MetadataStore metadata)
    {
        this._metadata = metadata;
    }

    /// <inheritdoc/>
    public Task<IReadOnlySet<long>> GetUnreadableDocumentsAsync(long kbId, ReadAccess access, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        if (access.ReadsAll)
        {
            return Task.FromResult<IReadOnlySet<long>>(new HashSet<long>());
        }

        return SqliteFailures.RunAsync<IReadOnlySet<long>>("read document groups", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT id, groups FROM documents WHERE kb_id = $kb AND groups IS NOT NULL AND groups <> '';";
            command.Parameters.AddWithValue("$kb", kbId);
            await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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

        return SqliteFailures.RunAsync<IReadOnlyDictionary<long, IReadOnlyList<string>>>("read document groups", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            // Ids are longs, so the list is written into the statement (no parameter limit to meet).
            command.CommandText = $"SELECT id, groups FROM documents WHERE id IN ({string.Join(',', docIds.Distinct())});";
            await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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
        SqliteFailures.RunAsync("change a document's groups", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await SqliteDatabase.ExecuteAsync(connection, null, "UPDATE documents SET groups = $g, updated_at = $now WHERE id = $id AND kb_id = $kb;",
                cancellationToken, ("$g", DocumentGroups.ToColumn(groups)), ("$now", MetadataStore.Now()), ("$id", docId), ("$kb", kbId)).ConfigureAwait(false) > 0;
        });
}
