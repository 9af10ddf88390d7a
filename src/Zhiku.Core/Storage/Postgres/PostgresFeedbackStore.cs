using System.Globalization;
using Npgsql;
using Zhiku.Core.Chat;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>Ratings of answers in PostgreSQL (table <c>answer_feedback</c>, made by <see cref="PostgresMigrations"/>).</summary>
public sealed class PostgresFeedbackStore : IFeedbackStore
{
    private readonly PostgresDatabase _database;

    /// <summary>The feedback table of an open database.</summary>
    public PostgresFeedbackStore(PostgresDatabase database)
    {
        _database = database;
    }

    /// <inheritdoc/>
    public Task<long> AddAsync(long kbId, long userId, long? sessionId, string question, string answer, int rating, string? comment,
        CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("record a rating", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, """
                INSERT INTO answer_feedback(kb_id, user_id, session_id, question, answer, rating, comment, created_at, updated_at)
                VALUES(@kb, @u, @s, @q, @a, @r, @c, @now, @now) RETURNING id;
                """, ("kb", kbId), ("u", userId), ("s", sessionId), ("q", _database.Protect(question)), ("a", _database.Protect(answer)),
                ("r", rating), ("c", comment is null ? null : _database.Protect(comment)), ("now", PostgresDatabase.Now()));
            try
            {
                return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresFailures.ForeignKeyViolation)
            {
                throw ZhikuException.NotFound($"knowledge base {kbId} does not exist / 知识库不存在", kbId.ToString(CultureInfo.InvariantCulture), ex);
            }
        });

    /// <inheritdoc/>
    public Task<bool> UpdateAsync(long kbId, long userId, long id, int rating, string? comment, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("change a rating", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await PostgresDatabase.ExecuteAsync(connection, null,
                "UPDATE answer_feedback SET rating = @r, comment = @c, updated_at = @now WHERE id = @id AND kb_id = @kb AND user_id = @u;", cancellationToken,
                ("r", rating), ("c", comment is null ? null : _database.Protect(comment)), ("now", PostgresDatabase.Now()),
                ("id", id), ("kb", kbId), ("u", userId)).ConfigureAwait(false) > 0;
        });

    /// <inheritdoc/>
    public async Task<AnswerFeedback?> GetAsync(long kbId, long id, CancellationToken cancellationToken = default) =>
        (await QueryAsync("f.kb_id = @kb AND f.id = @id", kbId, id, 0, 1, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AnswerFeedback>> ListAsync(long kbId, int offset = 0, int limit = 100, CancellationToken cancellationToken = default) =>
        await QueryAsync("f.kb_id = @kb", kbId, 0, offset, limit, cancellationToken).ConfigureAwait(false);

    private Task<List<AnswerFeedback>> QueryAsync(string where, long kbId, long id, int offset, int limit, CancellationToken cancellationToken) =>
        PostgresFailures.RunAsync("read ratings", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, $"""
                SELECT f.id, f.kb_id, f.user_id, COALESCE(u.name, ''), f.session_id, f.question, f.answer, f.rating, f.comment, f.created_at, f.updated_at
                FROM answer_feedback f LEFT JOIN users u ON u.id = f.user_id
                WHERE {where} ORDER BY f.id DESC LIMIT @limit OFFSET @offset;
                """, ("kb", kbId), ("id", id), ("limit", limit), ("offset", offset));
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var list = new List<AnswerFeedback>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(new AnswerFeedback(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetInt64(4), _database.Reveal(reader.GetString(5)), _database.Reveal(reader.GetString(6)),
                    reader.GetInt32(7), reader.IsDBNull(8) ? null : _database.Reveal(reader.GetString(8)),
                    reader.GetFieldValue<DateTimeOffset>(9), reader.GetFieldValue<DateTimeOffset>(10)));
            }

            return list;
        });
}
