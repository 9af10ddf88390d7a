using System.Text.RegularExpressions;
using Npgsql;
using Zhiku.Core.Chunking;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Postgres;

namespace Zhiku.Core.Tests.Storage.Postgres;

/// <summary>
/// The lookup a replacement makes per source must read only that source's documents, also right after a bulk load
/// (no statistics yet): with an index on (kb_id, source_path) that held the documents without a file, the planner
/// looked record keys up through it and read every such document each time, so loading N records cost N² reads
/// (docs/benchmarks.md, "PostgreSQL document writes"). Timing is for the benchmark; this checks the cause, the plan.
/// </summary>
public sealed partial class PostgresDocumentPlanTests
{
    [Fact]
    public async Task FindingASourcesDocumentsReadsOnlyThemAfterABulkLoad()
    {
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        await using PostgresDatabase database = await PostgresDatabase.OpenAsync(test.Url);
        long kb = (long)(await test.ScalarAsync("INSERT INTO kbs(name, created_at) VALUES('kb', now()) RETURNING id;"))!;
        await new PostgresDocumentStore(database).ReplaceBatchAsync(kb, [.. Enumerable.Range(0, 2000).Select(i => ($"eval#{i}", (IReadOnlyList<NewDocument>)
            [new NewDocument(null, $"eval#{i}", null, "t", "txt", "h", 1, "文本。", [new TextChunk(0, 0, 3, "文本。", "", null)], null)]))]);
        await new PostgresDocumentStore(database).ReplaceAsync(kb, "/d/a.md",
            [new NewDocument("/d/a.md", "/d/a.md", null, "t", "md", "h", 1, "文本。", [new TextChunk(0, 0, 3, "文本。", "", null)], null)]);

        foreach (string key in new[] { "eval#7", "/d/a.md" })
        {
            List<long> rows = await DocumentRowsReadAsync(test, kb, key);
            Assert.NotEmpty(rows);
            Assert.All(rows, r => Assert.True(r <= 1, $"a scan of documents read {r} rows looking up '{key}'"));
        }
    }

    /// <summary>The rows each scan of <c>documents</c> returned while the lookup ran (rolled back).</summary>
    private static async Task<List<long>> DocumentRowsReadAsync(PostgresTestDatabase test, long kb, string key)
    {
        await using var connection = new NpgsqlConnection(test.Url.ConnectionString);
        await connection.OpenAsync();
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, TIMING OFF) " + PostgresDocumentWriter.FindAndRemove, connection, transaction);
        explain.Parameters.Add(new NpgsqlParameter { Value = kb });
        explain.Parameters.Add(new NpgsqlParameter { Value = new[] { key } });
        var rows = new List<long>();
        await using (NpgsqlDataReader reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                Match scan = DocumentScan().Match(reader.GetString(0));
                if (scan.Success)
                {
                    rows.Add(long.Parse(scan.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        await transaction.RollbackAsync();
        return rows;
    }

    [GeneratedRegex(@"Scan .*\bon documents\b.*\(actual rows=(\d+) ")]
    private static partial Regex DocumentScan();
}
