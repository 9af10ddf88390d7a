using System.Diagnostics;
using Npgsql;
using Zhiku.Core.Chunking;
using Zhiku.Core.Documents;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Postgres;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Bench;

/// <summary>
/// Document writes through <see cref="IDocumentStore"/> on both engines in the same run, so PostgreSQL is reported as a
/// ratio to the embedded SQLite file: a bulk load in batches of 500 one-chunk documents (what eval and record ingest
/// do), files written one by one (ten chunks and ten pages each, what file ingest does), and the same files replaced.
/// PostgreSQL runs in a fresh schema of the given database, dropped at the end.
/// </summary>
internal static class DocumentWriteBench
{
    private const int FileChunks = 10;

    public static async Task RunAsync(SyntheticCorpus corpus, int documents, int files, string databaseUrl, string work)
    {
        DatabaseUrl server = DatabaseUrl.Parse(databaseUrl, "--database");
        string schema = "zk_bench_" + Guid.NewGuid().ToString("N");
        await AdminAsync(server.ConnectionString, $"CREATE SCHEMA {schema};");
        try
        {
            var settings = new NpgsqlConnectionStringBuilder(server.ConnectionString) { SearchPath = schema };
            await using PostgresDatabase postgres = await PostgresDatabase.OpenAsync(DatabaseUrl.Parse(settings.ConnectionString, "--database"));
            long pgKb = (long)(await ScalarAsync(settings.ConnectionString, "INSERT INTO kbs(name, created_at) VALUES('bench', now()) RETURNING id;"))!;

            string folder = Path.Combine(work, "document-writes");
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.CreateDirectory(folder);
            MetadataStore sqlite = MetadataStore.Open(Path.Combine(folder, "zhiku.db"));
            long sqliteKb = (await new SqliteKnowledgeBaseStore(sqlite).CreateAsync("bench", "cloud")).Id;

            Console.WriteLine($"| write | documents | SQLite s | PostgreSQL s | PostgreSQL / SQLite |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            await RowAsync($"bulk, batches of 500, 1 chunk each", documents,
                () => BulkAsync(new SqliteDocumentStore(sqlite), sqliteKb, corpus, documents),
                () => BulkAsync(new PostgresDocumentStore(postgres), pgKb, corpus, documents));
            await RowAsync($"files one by one, {FileChunks} chunks and pages each", files,
                () => FilesAsync(new SqliteDocumentStore(sqlite), sqliteKb, corpus, files, "a"),
                () => FilesAsync(new PostgresDocumentStore(postgres), pgKb, corpus, files, "a"));
            await RowAsync("the same files replaced", files,
                () => FilesAsync(new SqliteDocumentStore(sqlite), sqliteKb, corpus, files, "b"),
                () => FilesAsync(new PostgresDocumentStore(postgres), pgKb, corpus, files, "b"));

            // The floor a one-by-one write stands on: a transaction of one trivial statement per file.
            double floor = await TimeAsync(async () =>
            {
                await using NpgsqlDataSource source = NpgsqlDataSource.Create(settings.ConnectionString);
                for (int i = 0; i < files; i++)
                {
                    await using NpgsqlConnection connection = await source.OpenConnectionAsync();
                    await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync();
                    await using (var command = new NpgsqlCommand("SELECT 1;", connection, transaction))
                    {
                        await command.ExecuteScalarAsync();
                    }

                    await transaction.CommitAsync();
                }
            });
            Console.WriteLine($"| PostgreSQL floor: a transaction of SELECT 1 per file | {files:N0} | | {floor:F2} | |");
        }
        finally
        {
            await AdminAsync(server.ConnectionString, $"DROP SCHEMA IF EXISTS {schema} CASCADE;");
        }
    }

    private static async Task RowAsync(string name, int count, Func<Task> sqlite, Func<Task> postgres)
    {
        double s = await TimeAsync(sqlite);
        double p = await TimeAsync(postgres);
        Console.WriteLine($"| {name} | {count:N0} | {s:F2} | {p:F2} | {p / s:F2} |");
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task BulkAsync(IDocumentStore store, long kb, SyntheticCorpus corpus, int count)
    {
        foreach (int[] batch in Enumerable.Range(0, count).Chunk(500))
        {
            await store.ReplaceBatchAsync(kb, batch.Select(i =>
            {
                var (title, text) = corpus.Chunk(i);
                var document = new NewDocument(null, $"bulk#{i}", null, title, "txt", "", 0, text, [new TextChunk(0, 0, text.Length, text, "", null)], null);
                return ($"bulk#{i}", (IReadOnlyList<NewDocument>)[document]);
            }).ToList());
        }
    }

    private static async Task FilesAsync(IDocumentStore store, long kb, SyntheticCorpus corpus, int count, string round)
    {
        for (int i = 0; i < count; i++)
        {
            string path = $"/files/f{i}.pdf";
            var chunks = Enumerable.Range(0, FileChunks).Select(c =>
            {
                var (_, text) = corpus.Chunk(i * FileChunks + c);
                return new TextChunk(c, 0, text.Length, text, "章节", c + 1);
            }).ToList();
            string text = string.Join('\n', chunks.Select(c => c.Text));
            var document = new NewDocument(path, path, null, $"文件 {i}", "pdf", round + i, text.Length * 3, text, chunks, null)
            {
                Pages = [.. Enumerable.Range(1, FileChunks).Select(p => new PageText(p, PageTextSource.Text, 0.98))],
            };
            await store.ReplaceAsync(kb, path, [document]);
        }
    }

    private static async Task AdminAsync(string connectionString, string sql) => await ScalarAsync(connectionString, sql);

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
