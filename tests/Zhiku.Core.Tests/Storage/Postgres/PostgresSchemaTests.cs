using Microsoft.Data.Sqlite;
using Npgsql;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Tests.Storage.Postgres;

/// <summary>The PostgreSQL tables of the stores both engines implement (jobs, chats, feedback, quarantine, users,
/// audit, documents, knowledge bases with their owners, access lists and settings) have the embedded store's columns,
/// so a store can be copied column for column and a column added to one engine is not forgotten in the other. Two document tables differ on purpose: <c>document_pages</c> is one row per
/// page (SQLite keeps one JSON value per document) and <c>document_sources</c> has an <c>id</c> for the order sources
/// were added in (SQLite's rowid).</summary>
public sealed class PostgresSchemaTests
{
    private static readonly string[] SharedTables = ["jobs", "job_files", "chat_sessions", "chat_messages", "answer_feedback", "parse_quarantine",
        "users", "api_keys", "sessions", "account_events", "audit_log", "documents", "document_texts", "chunks", "index_tombstones",
        "kbs", "kb_owners", "kb_access", "kb_settings"];

    [Fact]
    public async Task DocumentPagesAndSourcesDifferOnlyAsDocumented()
    {
        using var temp = new TempFolder();
        MetadataStore sqlite = MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db"));
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        await using Zhiku.Core.Storage.Postgres.PostgresDatabase database = await Zhiku.Core.Storage.Postgres.PostgresDatabase.OpenAsync(test.Url);

        Assert.Equal(["doc_id", "pages"], await SqliteColumnsAsync(sqlite, "document_pages"));
        Assert.Equal(["doc_id", "ordinal", "page", "quality", "source"], await PostgresColumnsAsync(test, "document_pages"));
        List<string> sources = await SqliteColumnsAsync(sqlite, "document_sources");
        Assert.Equal(["added_at", "doc_id", "kb_id", "source_path"], sources);
        Assert.Equal(sources.Append("id").Order(StringComparer.Ordinal), await PostgresColumnsAsync(test, "document_sources"));
    }

    [Fact]
    public async Task SharedTablesHaveTheSameColumnsOnBothEngines()
    {
        using var temp = new TempFolder();
        MetadataStore sqlite = MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db"));
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        await using Zhiku.Core.Storage.Postgres.PostgresDatabase database = await Zhiku.Core.Storage.Postgres.PostgresDatabase.OpenAsync(test.Url);

        foreach (string table in SharedTables)
        {
            Assert.Equal(await SqliteColumnsAsync(sqlite, table), await PostgresColumnsAsync(test, table));
        }
    }

    private static async Task<List<string>> SqliteColumnsAsync(MetadataStore store, string table)
    {
        await using SqliteConnection connection = await store.ConnectAsync(default);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($t) ORDER BY name;";
        command.Parameters.AddWithValue("$t", table);
        return await ReadAsync(await command.ExecuteReaderAsync());
    }

    private static async Task<List<string>> PostgresColumnsAsync(PostgresTestDatabase test, string table)
    {
        await using var connection = new NpgsqlConnection(test.Url.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @t ORDER BY column_name COLLATE \"C\";",
            connection);
        command.Parameters.AddWithValue("t", table);
        return await ReadAsync(await command.ExecuteReaderAsync());
    }

    private static async Task<List<string>> ReadAsync(System.Data.Common.DbDataReader reader)
    {
        await using (reader)
        {
            var names = new List<string>();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }

            return names;
        }
    }
}
