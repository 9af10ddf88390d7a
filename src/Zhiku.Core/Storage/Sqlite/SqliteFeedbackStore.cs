using System.Globalization;
using Microsoft.Data.Sqlite;
using Zhiku.Core.Chat;

namespace Zhiku.Core.Storage.Sqlite;

/// <summary>Ratings of answers in the store's SQLite file (table <c>answer_feedback</c>, created by the store's migrations).</summary>
public sealed class SqliteFeedbackStore : IFeedbackStore
{
    private readonly MetadataStore _metadata;

    /// <summary>The feedback table of a store (made by <see cref="MetadataStore.Open"/>).</summary>
    public SqliteFeedbackStore(MetadataStore metadata)
    {
        this._metadata = metadata;
    }

    /// <inheritdoc/>
    public Task<long> AddAsync(long kbId, long userId, long? sessionId, string question, string answer, int rating, string? comment,
        CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("record a rating", async () =>
        {
            string now = MetadataStore.Now();
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO answer_feedback(kb_id, user_id, session_id, question, answer, rating, comment, created_at, updated_at)
                VALUES($kb, $u, $s, $q, $a, $r, $c, $now, $now) RETURNING id;
                """;
            command.Parameters.AddWithValue("$kb", kbId);
            command.Parameters.AddWithValue("$u", userId);
            command.Parameters.AddWithValue("$s", (object?)sessionId ?? DBNull.Value);
            command.Parameters.AddWithValue("$q", _metadata.Protect(question));
            command.Parameters.AddWithValue("$a", _metadata.Protect(answer));
            command.Parameters.AddWithValue("$r", rating);
            command.Parameters.AddWithValue("$c", comment is null ? DBNull.Value : _metadata.Protect(comment));
            command.Parameters.AddWithValue("$now", now);
            try
            {
                return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteFailures.Constraint)
            {
                throw ZhikuException.NotFound($"knowledge base {kbId} does not exist / 知识库不存在", kbId.ToString(CultureInfo.InvariantCulture), ex);
            }
        });

    /// <inheritdoc/>
    public Task<bool> UpdateAsync(long kbId, long userId, long id, int rating, string? comment, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("change a rating", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await SqliteDatabase.ExecuteAsync(connection, null,
                "UPDATE answer_feedback SET rating = $r, comment = $c, updated_at = $now WHERE id = $id AND kb_id = $kb AND user_id = $u;", cancellationToken,
                ("$r", rating), ("$c", comment is null ? null : _metadata.Protect(comment)), ("$now", MetadataStore.Now()),
                ("$id", id), ("$kb", kbId), ("$u", userId)).ConfigureAwait(false) > 0;
        });

    /// <inheritdoc/>
    public async Task<AnswerFeedback?> GetAsync(long kbId, long id, CancellationToken cancellationToken = default) =>
        (await QueryAsync("f.kb_id = $kb AND f.id = $id", kbId, id, 0, 1, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AnswerFeedback>> ListAsync(long kbId, int offset = 0, int limit = 100, CancellationToken cancellationToken = default) =>
        await QueryAsync("f.kb_id = $kb", kbId, 0, offset, limit, cancellationToken).ConfigureAwait(false);

    private Task<List<AnswerFeedback>> QueryAsync(string where, long kbId, long id, int offset, int limit, CancellationToken cancellationToken) =>
        SqliteFailures.RunAsync("read ratings", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT f.id, f.kb_id, f.user_id, COALESCE(u.name, ''), f.session_id, f.question, f.answer, f.rating, f.comment, f.created_at, f.updated_at
                FROM answer_feedback f LEFT JOIN users u ON u.id = f.user_id
                WHERE {where} ORDER BY f.id DESC LIMIT $limit OFFSET $offset;
                """;
            command.Parameters.AddWithValue("$kb", kbId);
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$limit", limit);
            command.Parameters.AddWithValue("$offset", offset);
            await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var list = new List<AnswerFeedback>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(new AnswerFeedback(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetInt64(4), _metadata.Reveal(reader.GetString(5)), _metadata.Reveal(reader.GetString(6)),
                    reader.GetInt32(7), reader.IsDBNull(8) ? null : _metadata.Reveal(reader.GetString(8)),
                    MetadataStore.ParseTime(reader.GetString(9)), MetadataStore.ParseTime(reader.GetString(10))));
            }

            return list;
        });
}
