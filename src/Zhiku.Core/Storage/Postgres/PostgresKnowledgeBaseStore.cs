using Npgsql;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>
/// Knowledge bases in PostgreSQL (table <c>kbs</c>, made by <see cref="PostgresMigrations"/>). Names are unique as
/// given (case-sensitive, as in SQLite) through the table's unique constraint, so of two nodes creating one name at
/// once one gets <see cref="ErrorKind.Conflict"/>. Deleting one removes its documents (recording each removal in the change
/// log, <see cref="PostgresChangeLog"/>, so index replicas drop them) and index tombstones, and cascades through the
/// foreign keys to everything else that refers to it (text, chunks, sources, access, jobs, chats). Lists are in code-point order (<c>COLLATE "C"</c>), as SQLite orders its text, whatever the database's
/// collation. Writes run in a transaction that is committed only when the token was not cancelled first.
/// </summary>
public sealed class PostgresKnowledgeBaseStore : IKnowledgeBaseStore
{
    private const string Columns = "id, name, policy, created_at";

    private readonly PostgresDatabase _database;

    /// <summary>The knowledge bases of an open database.</summary>
    public PostgresKnowledgeBaseStore(PostgresDatabase database)
    {
        _database = database;
    }

    /// <inheritdoc/>
    public Task<KnowledgeBaseInfo> CreateAsync(string name, string policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(policy);
        return PostgresFailures.RunAsync("create a knowledge base", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, transaction,
                $"INSERT INTO kbs(name, policy, created_at) VALUES(@name, @policy, @now) RETURNING {Columns};",
                ("name", name), ("policy", policy), ("now", PostgresDatabase.Now()));
            KnowledgeBaseInfo created;
            try
            {
                created = (await ReadAsync(command, cancellationToken).ConfigureAwait(false))[0];
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresFailures.UniqueViolation)
            {
                throw DuplicateName(name, ex);
            }

            await PostgresDatabase.CommitUnlessCancelledAsync(transaction, cancellationToken).ConfigureAwait(false);
            return created;
        });
    }

    /// <inheritdoc/>
    public Task<KnowledgeBaseInfo?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return PostgresFailures.RunAsync("find a knowledge base", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, $"SELECT {Columns} FROM kbs WHERE name = @name;", ("name", name));
            return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        });
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<KnowledgeBaseInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync<IReadOnlyList<KnowledgeBaseInfo>>("list knowledge bases", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, $"SELECT {Columns} FROM kbs ORDER BY name COLLATE \"C\";");
            return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<bool> SetPolicyAsync(long kbId, string policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return WriteAsync("change a knowledge base's policy", "UPDATE kbs SET policy = @p WHERE id = @id;", cancellationToken, ("p", policy), ("id", kbId));
    }

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(long kbId, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("delete a knowledge base", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // The row lock keeps documents from being added meanwhile (their foreign key check waits for it), so every
            // document deleted below is one whose removal the change log records.
            await using (NpgsqlCommand lockRow = PostgresDatabase.Command(connection, transaction, "SELECT 1 FROM kbs WHERE id = @id FOR UPDATE;", ("id", kbId)))
            {
                if (await lockRow.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
                {
                    return false;
                }
            }

            var removed = new List<(long KbId, long DocId, ChunkChangeKind Kind, int Chunks)>();
            await using (NpgsqlCommand documents = PostgresDatabase.Command(connection, transaction,
                "DELETE FROM documents WHERE kb_id = @id RETURNING id;", ("id", kbId)))
            await using (NpgsqlDataReader reader = await documents.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    removed.Add((kbId, reader.GetInt64(0), ChunkChangeKind.Removed, 0));
                }
            }

            // Tombstones name documents that are already gone, so no foreign key removes them.
            await PostgresDatabase.ExecuteAsync(connection, transaction, "DELETE FROM index_tombstones WHERE kb_id = @id;", cancellationToken, ("id", kbId))
                .ConfigureAwait(false);
            await PostgresDatabase.ExecuteAsync(connection, transaction, "DELETE FROM kbs WHERE id = @id;", cancellationToken, ("id", kbId))
                .ConfigureAwait(false);
            await PostgresChangeLog.AppendAsync(connection, transaction, removed, cancellationToken).ConfigureAwait(false);
            await PostgresDatabase.CommitUnlessCancelledAsync(transaction, cancellationToken).ConfigureAwait(false);
            return true;
        });

    /// <summary>The error for a taken knowledge-base name (the same as SQLite's).</summary>
    private static ZhikuException DuplicateName(string name, Exception inner) =>
        ZhikuException.Conflict($"knowledge base '{name}' already exists / 知识库 '{name}' 已存在", name, inner);

    /// <summary>One statement in a transaction; true when it changed a row.</summary>
    private Task<bool> WriteAsync(string what, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        PostgresFailures.RunAsync(what, async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            int rows = await PostgresDatabase.ExecuteAsync(connection, transaction, sql, cancellationToken, parameters).ConfigureAwait(false);
            await PostgresDatabase.CommitUnlessCancelledAsync(transaction, cancellationToken).ConfigureAwait(false);
            return rows > 0;
        });

    private static async Task<List<KnowledgeBaseInfo>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<KnowledgeBaseInfo>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(Read(reader, 0));
        }

        return list;
    }

    /// <summary>A knowledge base from the columns <c>id, name, policy, created_at</c> starting at <paramref name="first"/>.</summary>
    internal static KnowledgeBaseInfo Read(NpgsqlDataReader reader, int first) =>
        new(reader.GetInt64(first), reader.GetString(first + 1), reader.GetString(first + 2), reader.GetFieldValue<DateTimeOffset>(first + 3));
}
