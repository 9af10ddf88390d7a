using Microsoft.Data.Sqlite;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Storage;

/// <summary>
/// The lookups bulk ingest makes once per document must use an index: written as one OR, the source lookup scanned
/// every document of the knowledge base and made a 100k-chunk load take 39 minutes instead of 31 seconds
/// (docs/benchmarks.md, "Scale"). Timing is for the benchmark; this checks the cause, SQLite's query plan.
/// </summary>
public sealed class BulkIngestQueryPlanTests
{
    [Theory]
    [InlineData("source", @"^SEARCH documents USING (COVERING )?INDEX \S+ \(kb_id=\? AND (source_path|record_key)=\?\)$")]
    [InlineData("backlog", @"^SEARCH documents USING (COVERING )?INDEX documents_unindexed \(kb_id=\?\)$")]
    public async Task PerDocumentLookupsSearchAnIndexInsteadOfScanningTheDocuments(string lookup, string expectedStep)
    {
        // A search on kb_id alone (what the OR gave) reads every document of the knowledge base: not enough.
        using var temp = new TempFolder();
        ZhikuStore store = ZhikuStore.Open(temp.Path);
        using KnowledgeBase kb = await store.OpenKnowledgeBaseAsync("default");
        await TestDocuments.LoadAsync(kb, TestDocuments.Handbook);

        string sql = lookup == "source" ? SqliteDocumentStore.SourceLookup("id") : SqliteChunkStore.BacklogQuery;
        using SqliteConnection connection = store.Metadata.Connect();
        using SqliteCommand explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
        explain.Parameters.AddWithValue("$kb", kb.Info.Id);
        explain.Parameters.AddWithValue("$key", "eval#1");
        var steps = new List<string>();
        using (SqliteDataReader reader = explain.ExecuteReader())
        {
            while (reader.Read())
            {
                steps.Add(reader.GetString(3));
            }
        }

        Assert.NotEmpty(steps);
        Assert.DoesNotContain(steps, s => s.StartsWith("SCAN", StringComparison.Ordinal));
        List<string> reads = steps.Where(s => s.Contains("documents", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(reads);
        Assert.All(reads, s => Assert.Matches(expectedStep, s));
    }
}
