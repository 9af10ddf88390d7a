using System.Globalization;
using Npgsql;
using Zhiku.Core.Chat;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>Chat sessions in PostgreSQL (tables <c>chat_sessions</c> and <c>chat_messages</c>, made by
/// <see cref="PostgresMigrations"/>); cited documents are a <c>bigint[]</c>.</summary>
public sealed class PostgresChatStore : IChatStore
{
    private const string SessionColumns = "id, user_id, kb_id, title, created_at, updated_at";

    private readonly PostgresDatabase _database;

    /// <summary>The chat tables of an open database.</summary>
    public PostgresChatStore(PostgresDatabase database)
    {
        _database = database;
    }

    /// <inheritdoc/>
    public Task<ChatSession> CreateAsync(long userId, long kbId, string title, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("start a chat session", async () =>
        {
            DateTimeOffset now = PostgresDatabase.Now();
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, $"""
                INSERT INTO chat_sessions(user_id, kb_id, title, created_at, updated_at) VALUES(@u, @kb, @t, @now, @now) RETURNING {SessionColumns};
                """, ("u", userId), ("kb", kbId), ("t", _database.Protect(title.Length > 80 ? title[..80] : title)), ("now", now));
            try
            {
                return (await ReadAsync(command, cancellationToken).ConfigureAwait(false))[0];
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresFailures.ForeignKeyViolation)
            {
                throw ZhikuException.NotFound($"knowledge base {kbId} does not exist / 知识库不存在", kbId.ToString(CultureInfo.InvariantCulture), ex);
            }
        });

    /// <inheritdoc/>
    public Task<ChatSession?> GetAsync(long userId, long sessionId, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("read a chat session", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null,
                $"SELECT {SessionColumns} FROM chat_sessions WHERE id = @id AND user_id = @u;", ("id", sessionId), ("u", userId));
            return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<ChatSession>> ListAsync(long userId, int limit = 100, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync<IReadOnlyList<ChatSession>>("read chat sessions", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null,
                $"SELECT {SessionColumns} FROM chat_sessions WHERE user_id = @u ORDER BY updated_at DESC, id DESC LIMIT @l;", ("u", userId), ("l", limit));
            return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task AppendAsync(long sessionId, string role, string text, string? payload, IReadOnlyCollection<long> citedDocIds,
        CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("record a chat turn", async () =>
        {
            DateTimeOffset now = PostgresDatabase.Now();
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await PostgresDatabase.ExecuteAsync(connection, transaction,
                    "INSERT INTO chat_messages(session_id, role, text, payload, cited_docs, created_at) VALUES(@s, @r, @t, @p, @c, @now);", cancellationToken,
                    ("s", sessionId), ("r", role), ("t", _database.Protect(text)), ("p", payload is null ? null : _database.Protect(payload)),
                    ("c", citedDocIds.Count == 0 ? null : citedDocIds.ToArray()), ("now", now)).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresFailures.ForeignKeyViolation)
            {
                throw ZhikuException.NotFound($"chat session {sessionId} does not exist / 会话不存在", sessionId.ToString(CultureInfo.InvariantCulture), ex);
            }

            await PostgresDatabase.ExecuteAsync(connection, transaction, "UPDATE chat_sessions SET updated_at = @now WHERE id = @s;", cancellationToken,
                ("now", now), ("s", sessionId)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<ChatMessage>> MessagesAsync(long sessionId, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync<IReadOnlyList<ChatMessage>>("read a chat session", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null,
                "SELECT id, role, text, payload, cited_docs, created_at FROM chat_messages WHERE session_id = @s ORDER BY id;", ("s", sessionId));
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var list = new List<ChatMessage>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                IReadOnlyList<long> cited = reader.IsDBNull(4) ? [] : reader.GetFieldValue<long[]>(4);
                list.Add(new ChatMessage(reader.GetInt64(0), reader.GetString(1), _database.Reveal(reader.GetString(2)),
                    reader.IsDBNull(3) ? null : _database.Reveal(reader.GetString(3)), cited, reader.GetFieldValue<DateTimeOffset>(5)));
            }

            return list;
        });

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(long userId, long sessionId, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("delete a chat session", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await PostgresDatabase.ExecuteAsync(connection, null, "DELETE FROM chat_sessions WHERE id = @id AND user_id = @u;", cancellationToken,
                ("id", sessionId), ("u", userId)).ConfigureAwait(false) > 0;
        });

    private async Task<List<ChatSession>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<ChatSession>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new ChatSession(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), _database.Reveal(reader.GetString(3)),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return list;
    }
}
