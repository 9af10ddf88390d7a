using System.Globalization;
using Microsoft.Data.Sqlite;
using Zhiku.Core.Chat;

namespace Zhiku.Core.Storage.Sqlite;

/// <summary>Chat sessions in the store's SQLite file (tables <c>chat_sessions</c> and <c>chat_messages</c>, created by the
/// store's migrations).</summary>
public sealed class SqliteChatStore : IChatStore
{
    private readonly MetadataStore _metadata;

    /// <summary>The chat tables of a store (made by <see cref="MetadataStore.Open"/>).</summary>
    public SqliteChatStore(MetadataStore metadata)
    {
        this._metadata = metadata;
    }

    /// <inheritdoc/>
    public Task<ChatSession> CreateAsync(long userId, long kbId, string title, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("start a chat session", async () =>
        {
            string now = MetadataStore.Now();
            long id;
            await using (SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false))
            {
                using SqliteCommand command = connection.CreateCommand();
                command.CommandText = "INSERT INTO chat_sessions(user_id, kb_id, title, created_at, updated_at) VALUES($u, $kb, $t, $now, $now) RETURNING id;";
                command.Parameters.AddWithValue("$u", userId);
                command.Parameters.AddWithValue("$kb", kbId);
                command.Parameters.AddWithValue("$t", _metadata.Protect(title.Length > 80 ? title[..80] : title));
                command.Parameters.AddWithValue("$now", now);
                try
                {
                    id = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                }
                catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteFailures.Constraint)
                {
                    throw ZhikuException.NotFound($"knowledge base {kbId} does not exist / 知识库不存在", kbId.ToString(CultureInfo.InvariantCulture), ex);
                }
            }

            return (await GetAsync(userId, id, cancellationToken).ConfigureAwait(false))!;
        });

    /// <inheritdoc/>
    public async Task<ChatSession?> GetAsync(long userId, long sessionId, CancellationToken cancellationToken = default) =>
        (await QueryAsync("WHERE id = $id AND user_id = $u", sessionId, userId, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ChatSession>> ListAsync(long userId, int limit = 100, CancellationToken cancellationToken = default) =>
        await QueryAsync("WHERE user_id = $u ORDER BY updated_at DESC, id DESC LIMIT " + limit.ToString(CultureInfo.InvariantCulture), 0, userId, cancellationToken)
            .ConfigureAwait(false);

    /// <inheritdoc/>
    public Task AppendAsync(long sessionId, string role, string text, string? payload, IReadOnlyCollection<long> citedDocIds,
        CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("record a chat turn", async () =>
        {
            string now = MetadataStore.Now();
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteTransaction transaction = connection.BeginTransaction();
            try
            {
                await SqliteDatabase.ExecuteAsync(connection, transaction,
                    "INSERT INTO chat_messages(session_id, role, text, payload, cited_docs, created_at) VALUES($s, $r, $t, $p, $c, $now);", cancellationToken,
                    ("$s", sessionId), ("$r", role), ("$t", _metadata.Protect(text)), ("$p", payload is null ? null : _metadata.Protect(payload)),
                    ("$c", citedDocIds.Count == 0 ? null : string.Join(',', citedDocIds)), ("$now", now)).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteFailures.Constraint)
            {
                throw ZhikuException.NotFound($"chat session {sessionId} does not exist / 会话不存在", sessionId.ToString(CultureInfo.InvariantCulture), ex);
            }

            await SqliteDatabase.ExecuteAsync(connection, transaction, "UPDATE chat_sessions SET updated_at = $now WHERE id = $s;", cancellationToken,
                ("$now", now), ("$s", sessionId)).ConfigureAwait(false);
            transaction.Commit();
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<ChatMessage>> MessagesAsync(long sessionId, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync<IReadOnlyList<ChatMessage>>("read a chat session", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT id, role, text, payload, cited_docs, created_at FROM chat_messages WHERE session_id = $s ORDER BY id;";
            command.Parameters.AddWithValue("$s", sessionId);
            await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var list = new List<ChatMessage>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                IReadOnlyList<long> cited = reader.IsDBNull(4)
                    ? []
                    : reader.GetString(4).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToList();
                list.Add(new ChatMessage(reader.GetInt64(0), reader.GetString(1), _metadata.Reveal(reader.GetString(2)),
                    reader.IsDBNull(3) ? null : _metadata.Reveal(reader.GetString(3)), cited, MetadataStore.ParseTime(reader.GetString(5))));
            }

            return list;
        });

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(long userId, long sessionId, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("delete a chat session", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await SqliteDatabase.ExecuteAsync(connection, null, "DELETE FROM chat_sessions WHERE id = $id AND user_id = $u;", cancellationToken,
                ("$id", sessionId), ("$u", userId)).ConfigureAwait(false) > 0;
        });

    private Task<List<ChatSession>> QueryAsync(string where, long id, long userId, CancellationToken cancellationToken) =>
        SqliteFailures.RunAsync("read chat sessions", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"SELECT id, user_id, kb_id, title, created_at, updated_at FROM chat_sessions {where};";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$u", userId);
            await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var list = new List<ChatSession>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(new ChatSession(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), _metadata.Reveal(reader.GetString(3)),
                    MetadataStore.ParseTime(reader.GetString(4)), MetadataStore.ParseTime(reader.GetString(5))));
            }

            return list;
        });
}
