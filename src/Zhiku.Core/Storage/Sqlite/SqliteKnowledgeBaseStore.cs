using Microsoft.Data.Sqlite;

namespace Zhiku.Core.Storage.Sqlite;

/// <summary>Knowledge bases in the store's SQLite file (table <c>kbs</c>; deleting one cascades to its documents,
/// chunks, settings and access lists, and removes its index tombstones).</summary>
public sealed class SqliteKnowledgeBaseStore : IKnowledgeBaseStore
{
    private const string InsertSql = "INSERT INTO kbs(name, policy, created_at) VALUES($name, $policy, $now) RETURNING id, created_at;";
    private const string FindSql = "SELECT id, name, policy, created_at FROM kbs WHERE name = $name;";
    private const string ListSql = "SELECT id, name, policy, created_at FROM kbs ORDER BY name;";
    private const string SetPolicySql = "UPDATE kbs SET policy = $p WHERE id = $id;";
    private const string DeleteTombstonesSql = "DELETE FROM index_tombstones WHERE kb_id = $id;";
    private const string DeleteSql = "DELETE FROM kbs WHERE id = $id;";

    private readonly MetadataStore _metadata;

    /// <summary>The knowledge bases of a store (made by <see cref="MetadataStore.Open"/>).</summary>
    public SqliteKnowledgeBaseStore(MetadataStore metadata)
    {
        this._metadata = metadata;
    }

    /// <inheritdoc/>
    public Task<KnowledgeBaseInfo> CreateAsync(string name, string policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(policy);
        return SqliteFailures.RunAsync("create a knowledge base", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteTransaction transaction = connection.BeginTransaction();
            using SqliteCommand command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = InsertSql;
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$policy", policy);
            command.Parameters.AddWithValue("$now", MetadataStore.Now());
            KnowledgeBaseInfo created;
            try
            {
                await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                created = new KnowledgeBaseInfo(reader.GetInt64(0), name, policy, MetadataStore.ParseTime(reader.GetString(1)));
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteFailures.Constraint)
            {
                throw DuplicateName(name, ex);
            }

            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();
            return created;
        });
    }

    /// <inheritdoc/>
    public async Task<KnowledgeBaseInfo?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        IReadOnlyList<KnowledgeBaseInfo> found = await ReadAsync("find a knowledge base", FindSql, cancellationToken, ("$name", name)).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : null;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<KnowledgeBaseInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        ReadAsync("list knowledge bases", ListSql, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> SetPolicyAsync(long kbId, string policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return SqliteFailures.RunAsync("change a knowledge base's policy", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await SqliteDatabase.ExecuteAsync(connection, null, SetPolicySql, cancellationToken, ("$p", policy), ("$id", kbId)).ConfigureAwait(false) > 0;
        });
    }

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(long kbId, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("delete a knowledge base", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteTransaction transaction = connection.BeginTransaction();
            await SqliteDatabase.ExecuteAsync(connection, transaction, DeleteTombstonesSql, cancellationToken, ("$id", kbId)).ConfigureAwait(false);
            int rows = await SqliteDatabase.ExecuteAsync(connection, transaction, DeleteSql, cancellationToken, ("$id", kbId)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();
            return rows > 0;
        });

    /// <summary>The error for a taken knowledge-base name.</summary>
    private static ZhikuException DuplicateName(string name, Exception inner) =>
        ZhikuException.Conflict($"knowledge base '{name}' already exists / 知识库 '{name}' 已存在", name, inner);

    /// <summary>A knowledge base from a row of <c>id, name, policy, created_at</c>.</summary>
    private static KnowledgeBaseInfo Read(SqliteDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), MetadataStore.ParseTime(reader.GetString(3)));

    private Task<IReadOnlyList<KnowledgeBaseInfo>> ReadAsync(string what, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters) =>
        SqliteFailures.RunAsync<IReadOnlyList<KnowledgeBaseInfo>>(what, async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            foreach ((string name, object value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var list = new List<KnowledgeBaseInfo>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(Read(reader));
            }

            return list;
        });
}
