using System.Text.Json;
using static Zhiku.Core.Storage.Copy.CopyColumn;

namespace Zhiku.Core.Storage.Copy;

/// <summary>Every table of the embedded store that PostgreSQL keeps, in an order where a row's foreign keys are copied
/// before it (knowledge bases and users first). Kept beside both migration lists: a new table or column there is a new
/// entry or column here.</summary>
internal static class CopyTables
{
    public static IReadOnlyList<CopyTable> All { get; } =
    [
        new("kbs", [Id("id"), Str("name"), Str("policy"), Time("created_at")], HasIdentity: true),
        new("users", [Id("id"), Str("name"), Str("role"), Str("groups", true), Str("password_hash", true), Bool("disabled"),
            Bool("password_opens_personal"), Time("created_at")], HasIdentity: true),
        new("kb_owners", [Id("kb_id"), Long("owner_id", true), Bool("personal")]),
        new("kb_access", [Id("kb_id"), Long("user_id"), Int("role")]),
        new("kb_settings", [Id("kb_id"), Str("key"), Str("value")]),
        new("api_keys", [Id("id"), Long("user_id"), Str("key_hash"), Time("created_at"), Time("revoked_at", true), Bool("opens_personal")], HasIdentity: true),
        new("sessions", [Str("token_hash"), Long("user_id"), Bool("opens_personal"), Time("created_at")]),
        new("account_events", [Id("id"), Time("time"), Long("actor_id", true), Long("target_id"), Str("action")], HasIdentity: true),
        new("documents", [Id("id"), Long("kb_id"), Str("source_path", true), Str("external_id", true), Str("record_key"), Str("title"), Str("format"),
            Str("content_hash"), Long("size_bytes"), Int("text_chars"), Int("chunk_count"), Str("policy", true), Bool("indexed"), Time("created_at"),
            Time("updated_at"), Str("groups", true)], HasIdentity: true),
        new("document_texts", [Id("doc_id"), Str("text")]),
        new("document_pages", [Id("doc_id"), Int("ordinal"), Int("page"), Str("source"), Real("quality")])
        {
            SourceColumns = [Id("doc_id"), Str("pages")],
            Expand = ExpandPages,
        },
        // SQLite has no id here: its rowid keeps the order sources were added in.
        new("document_sources", [Id("id"), Long("kb_id"), Long("doc_id"), Str("source_path"), Time("added_at")],
            Source: "rowid, kb_id, doc_id, source_path, added_at", HasIdentity: true),
        new("chunks", [Id("id"), Long("doc_id"), Int("ordinal"), Str("heading"), Int("page", true), Int("start_offset"), Int("end_offset"), Str("text")],
            HasIdentity: true),
        new("index_tombstones", [Id("kb_id"), Long("doc_id")]),
        new("jobs", [Id("id"), Long("kb_id"), Long("user_id", true), Str("kind"), Str("status"), Str("groups", true), Str("policy", true), Bool("force"),
            Int("files_total"), Int("files_done"), Long("bytes_total"), Long("bytes_done"), Int("chunks"), Str("error", true), Time("created_at"),
            Time("started_at", true), Time("finished_at", true), Str("lease_owner", true), Time("lease_until", true)], HasIdentity: true),
        new("job_files", [Id("job_id"), Int("ordinal"), Str("name"), Str("staged_path"), Str("target_path"), Long("size"), Str("status"),
            Str("reason", true), Int("documents"), Int("chunks"), Int("attempts")]),
        new("chat_sessions", [Id("id"), Long("user_id"), Long("kb_id"), Str("title"), Time("created_at"), Time("updated_at")], HasIdentity: true),
        new("chat_messages", [Id("id"), Long("session_id"), Str("role"), Str("text"), Str("payload", true), Ids("cited_docs"), Time("created_at")],
            HasIdentity: true),
        new("audit_log", [Id("id"), Time("time"), Str("user"), Str("kb"), Str("provider"), Str("model"), Bool("local"), Str("status"),
            Long("duration_ms"), Str("placeholders"), Str("sent")], HasIdentity: true),
        new("answer_feedback", [Id("id"), Long("kb_id"), Long("user_id"), Long("session_id", true), Str("question"), Str("answer"), Int("rating"),
            Str("comment", true), Time("created_at"), Time("updated_at")], HasIdentity: true),
        new("parse_quarantine", [Id("kb_id"), Str("content_hash"), Str("name"), Int("kills"), Str("reason"), Time("updated_at")]),
    ];

    /// <summary>SQLite keeps a document's pages as one JSON value of [page, source, quality] rows (SqlitePageRows);
    /// PostgreSQL has one row per page, numbered in the order given.</summary>
    private static IEnumerable<object?[]> ExpandPages(object?[] row)
    {
        using var json = JsonDocument.Parse((string)row[1]!);
        int ordinal = 0;
        var rows = new List<object?[]>();
        foreach (JsonElement page in json.RootElement.EnumerateArray())
        {
            rows.Add([row[0], ordinal++, page[0].GetInt32(), page[1].GetString(), page[2].GetDouble()]);
        }

        return rows;
    }
}
