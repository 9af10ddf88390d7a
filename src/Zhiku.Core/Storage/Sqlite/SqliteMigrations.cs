using Microsoft.Data.Sqlite;

namespace Zhiku.Core.Storage.Sqlite;

/// <summary>
/// The store's schema as an ordered list of steps (<see cref="SqliteMigration"/>). A new table or column is a new
/// step at the end with the next version; released steps are never edited. Steps 1-8 are the tables that the stores
/// used to create in their constructors; they are idempotent because stores written before this list existed hold
/// any subset of them.
/// </summary>
internal static class SqliteMigrations
{
    /// <summary>Every step, in order.</summary>
    public static IReadOnlyList<SqliteMigration> All { get; } =
    [
        new(1, "documents, text, chunks and index backlog", Documents),
        new(2, "users, API keys, sign-in sessions and account events", Users),
        new(3, "knowledge base owners, access lists and settings", Access),
        new(4, "ingestion jobs and their files", Jobs),
        new(5, "chat sessions and messages", Chats),
        new(6, "audit log of model requests", Audit),
        new(7, "answer feedback", Feedback),
        new(8, "parser quarantine", Quarantine),
        new(9, "job leases", JobLeases),
    ];

    /// <summary>The schema version this code writes.</summary>
    public static int Latest => All[^1].Version;

    private static void Documents(SqliteConnection connection, SqliteTransaction transaction)
    {
        SqliteDatabase.Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS kbs(
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                policy TEXT NOT NULL DEFAULT 'cloud',
                created_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS documents(
                id INTEGER PRIMARY KEY,
                kb_id INTEGER NOT NULL REFERENCES kbs(id) ON DELETE CASCADE,
                source_path TEXT,
                external_id TEXT,
                record_key TEXT NOT NULL,
                title TEXT NOT NULL,
                format TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                size_bytes INTEGER NOT NULL,
                text_chars INTEGER NOT NULL,
                chunk_count INTEGER NOT NULL,
                policy TEXT,
                indexed INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                UNIQUE(kb_id, record_key));
            CREATE INDEX IF NOT EXISTS documents_source ON documents(kb_id, source_path);
            CREATE INDEX IF NOT EXISTS documents_external ON documents(kb_id, external_id);
            CREATE INDEX IF NOT EXISTS documents_unindexed ON documents(kb_id, id) WHERE indexed = 0;
            CREATE TABLE IF NOT EXISTS document_texts(
                doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
                text TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS chunks(
                id INTEGER PRIMARY KEY,
                doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                heading TEXT NOT NULL,
                page INTEGER,
                start_offset INTEGER NOT NULL,
                end_offset INTEGER NOT NULL,
                text TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
            CREATE TABLE IF NOT EXISTS index_tombstones(
                kb_id INTEGER NOT NULL,
                doc_id INTEGER NOT NULL,
                PRIMARY KEY(kb_id, doc_id));
            """);

        // Per-document read groups (nullable: no groups).
        SqliteDatabase.AddColumnIfMissing(connection, transaction, "documents", "groups", "TEXT");

        // More than one file with the same content is one document with several sources.
        SqliteDatabase.Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS document_sources(
                kb_id INTEGER NOT NULL,
                doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                source_path TEXT NOT NULL,
                added_at TEXT NOT NULL,
                PRIMARY KEY(kb_id, source_path, doc_id));
            CREATE INDEX IF NOT EXISTS document_sources_doc ON document_sources(doc_id);
            CREATE INDEX IF NOT EXISTS documents_hash ON documents(kb_id, content_hash);
            CREATE TABLE IF NOT EXISTS document_pages(
                doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
                pages TEXT NOT NULL);
            """);
    }

    private static void Users(SqliteConnection connection, SqliteTransaction transaction)
    {
        SqliteDatabase.Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS users(
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                role TEXT NOT NULL,
                groups TEXT,
                password_hash TEXT,
                disabled INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS api_keys(
                id INTEGER PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                key_hash TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL,
                revoked_at TEXT);
            CREATE TABLE IF NOT EXISTS sessions(
                token_hash TEXT PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                opens_personal INTEGER NOT NULL,
                created_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user_id);
            CREATE TABLE IF NOT EXISTS account_events(
                id INTEGER PRIMARY KEY,
                time TEXT NOT NULL,
                actor_id INTEGER,
                target_id INTEGER NOT NULL,
                action TEXT NOT NULL);
            """);
        SqliteDatabase.AddColumnIfMissing(connection, transaction, "api_keys", "opens_personal", "INTEGER NOT NULL DEFAULT 1");
        SqliteDatabase.AddColumnIfMissing(connection, transaction, "users", "password_opens_personal", "INTEGER NOT NULL DEFAULT 1");
    }

    private static void Access(SqliteConnection connection, SqliteTransaction transaction)
    {
        SqliteDatabase.Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS kb_owners(
                kb_id INTEGER PRIMARY KEY REFERENCES kbs(id) ON DELETE CASCADE,
                owner_id INTEGER,
                personal INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS kb_access(
                kb_id INTEGER NOT NULL REFERENCES kbs(id) ON DELETE CASCADE,
                user_id INTEGER NOT NULL,
                role INTEGER NOT NULL,
                PRIMARY KEY(kb_id, user_id));
            CREATE TABLE IF NOT EXISTS kb_settings(
                kb_id INTEGER NOT NULL REFERENCES kbs(id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY(kb_id, key));
            """);

        // Personal knowledge bases made before namespaces move into their owner's namespace.
        SqliteDatabase.Execute(connection, transaction, """
            UPDATE kbs SET name = '~' || (SELECT owner_id FROM kb_owners o WHERE o.kb_id = kbs.id) || '/' || name
            WHERE name NOT LIKE '~%' AND id IN (SELECT kb_id FROM kb_owners WHERE personal = 1 AND owner_id IS NOT NULL);
            """);
    }

    private static void Jobs(SqliteConnection connection, SqliteTransaction transaction)
    {
        SqliteDatabase.Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS jobs(
                id INTEGER PRIMARY KEY,
                kb_id INTEGER NOT NULL REFERENCES kbs(id) ON DELETE CASCADE,
                user_id INTEGER,
                kind TEXT NOT NULL,
                status TEXT NOT NULL,
                groups TEXT,
                policy TEXT,
                force INTEGER NOT NULL DEFAULT 0,
                files_total INTEGER NOT NULL DEFAULT 0,
                files_done INTEGER NOT NULL DEFAULT 0,
                bytes_total INTEGER NOT NULL DEFAULT 0,
                bytes_done INTEGER NOT NULL DEFAULT 0,
                chunks INTEGER NOT NULL DEFAULT 0,
                error TEXT,
                created_at TEXT NOT NULL,
                started_at TEXT,
                finished_at TEXT);
            CREATE TABLE IF NOT EXISTS job_files(
                job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                name TEXT NOT NULL,
                staged_path TEXT NOT NULL,
                target_path TEXT NOT NULL,
                size INTEGER NOT NULL,
                status TEXT NOT NULL,
                reason TEXT,
                documents INTEGER NOT NULL DEFAULT 0,
                chunks INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY(job_id, ordinal));
            CREATE INDEX IF NOT EXISTS jobs_status ON jobs(status);
            """);
        SqliteDatabase.AddColumnIfMissing(connection, transaction, "job_files", "attempts", "INTEGER NOT NULL DEFAULT 0");
    }

    private static void Chats(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteDatabase.Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS chat_sessions(
                id INTEGER PRIMARY KEY,
                user_id INTEGER NOT NULL,
                kb_id INTEGER NOT NULL REFERENCES kbs(id) ON DELETE CASCADE,
                title TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS chat_sessions_user ON chat_sessions(user_id, updated_at);
            CREATE TABLE IF NOT EXISTS chat_messages(
                id INTEGER PRIMARY KEY,
                session_id INTEGER NOT NULL REFERENCES chat_sessions(id) ON DELETE CASCADE,
                role TEXT NOT NULL,
                text TEXT NOT NULL,
                payload TEXT,
                cited_docs TEXT,
                created_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS chat_messages_session ON chat_messages(session_id, id);
            """);

    private static void Audit(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteDatabase.Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS audit_log(
                id INTEGER PRIMARY KEY,
                time TEXT NOT NULL,
                user TEXT NOT NULL,
                kb TEXT NOT NULL,
                provider TEXT NOT NULL,
                model TEXT NOT NULL,
                local INTEGER NOT NULL,
                status TEXT NOT NULL,
                duration_ms INTEGER NOT NULL,
                placeholders TEXT NOT NULL,
                sent TEXT NOT NULL);
            """);

    private static void Feedback(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteDatabase.Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS answer_feedback(
                id INTEGER PRIMARY KEY,
                kb_id INTEGER NOT NULL REFERENCES kbs(id) ON DELETE CASCADE,
                user_id INTEGER NOT NULL,
                session_id INTEGER,
                question TEXT NOT NULL,
                answer TEXT NOT NULL,
                rating INTEGER NOT NULL,
                comment TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS answer_feedback_kb ON answer_feedback(kb_id, id);
            """);

    private static void Quarantine(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteDatabase.Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS parse_quarantine(
                kb_id INTEGER NOT NULL REFERENCES kbs(id) ON DELETE CASCADE,
                content_hash TEXT NOT NULL,
                name TEXT NOT NULL,
                kills INTEGER NOT NULL,
                reason TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY(kb_id, content_hash));
            """);

    // Times are stored as UTC round-trip strings (MetadataStore.Now), which sort as they compare.
    private static void JobLeases(SqliteConnection connection, SqliteTransaction transaction)
    {
        SqliteDatabase.AddColumnIfMissing(connection, transaction, "jobs", "lease_owner", "TEXT");
        SqliteDatabase.AddColumnIfMissing(connection, transaction, "jobs", "lease_until", "TEXT");
    }
}
