using Microsoft.Data.Sqlite;
using Zhiku.Core.Chat;

namespace Zhiku.Core.Storage;

/// <summary>
/// Ratings of answers (table <c>answer_feedback</c>, created by the store's migrations): one row per rated answer, changed in place when
/// the user changes their rating or comment. Question, answer and comment are stored like document text (encrypted
/// when the store has a key).
/// </summary>
public sealed class FeedbackStore
{
    private readonly MetadataStore _metadata;

    /// <summary>The feedback table of a store (made by <see cref="MetadataStore.Open"/>).</summary>
    public FeedbackStore(MetadataStore metadata)
    {
        this._metadata = metadata;
    }

    /// <summary>Records a new rating and returns its id.</summary>
    public long Add(long kbId, long userId, long? sessionId, string question, string answer, int rating, string? comment)
    {
        string now = MetadataStore.Now();
        using SqliteConnection connection = _metadata.Connect();
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
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Changes the rating and comment of one of this user's ratings in this knowledge base; false when there is none.</summary>
    public bool Update(long kbId, long userId, long id, int rating, string? comment)
    {
        using SqliteConnection connection = _metadata.Connect();
        return MetadataStore.Execute(connection, null,
            "UPDATE answer_feedback SET rating = $r, comment = $c, updated_at = $now WHERE id = $id AND kb_id = $kb AND user_id = $u;",
            ("$r", rating), ("$c", comment is null ? null : _metadata.Protect(comment)), ("$now", MetadataStore.Now()),
            ("$id", id), ("$kb", kbId), ("$u", userId)) > 0;
    }

    /// <summary>One rating of a knowledge base, or null.</summary>
    public AnswerFeedback? Get(long kbId, long id) => Query("f.kb_id = $kb AND f.id = $id", kbId, id, 0, 1).FirstOrDefault();

    /// <summary>The ratings of a knowledge base, newest first.</summary>
    public IReadOnlyList<AnswerFeedback> List(long kbId, int offset = 0, int limit = 100) => Query("f.kb_id = $kb", kbId, 0, offset, limit);

    private List<AnswerFeedback> Query(string where, long kbId, long id, int offset, int limit)
    {
        using SqliteConnection connection = _metadata.Connect();
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
        using SqliteDataReader reader = command.ExecuteReader();
        var list = new List<AnswerFeedback>();
        while (reader.Read())
        {
            list.Add(new AnswerFeedback(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4), _metadata.Reveal(reader.GetString(5)), _metadata.Reveal(reader.GetString(6)),
                reader.GetInt32(7), reader.IsDBNull(8) ? null : _metadata.Reveal(reader.GetString(8)),
                MetadataStore.ParseTime(reader.GetString(9)), MetadataStore.ParseTime(reader.GetString(10))));
        }

        return list;
    }
}
