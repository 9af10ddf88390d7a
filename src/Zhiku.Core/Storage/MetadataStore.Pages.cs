using System.Text.Json;
using Microsoft.Data.Sqlite;
using Zhiku.Core.Documents;

namespace Zhiku.Core.Storage;

/// <summary>How each page of a document got its text (text layer, OCR, empty, skipped), kept beside the document.</summary>
public sealed partial class MetadataStore
{
    private static void SavePages(SqliteConnection connection, SqliteTransaction transaction, long docId, IReadOnlyList<PageText> pages)
    {
        if (pages.Count == 0)
        {
            return;
        }

        // Compact rows [page, source, quality]: a thousand-page scan stays a few kilobytes.
        var rows = pages.Select(p => new object[] { p.Page, p.Source.ToString().ToLowerInvariant(), p.Quality }).ToArray();
        Execute(connection, transaction, "INSERT OR REPLACE INTO document_pages(doc_id, pages) VALUES($id, $pages);",
            ("$id", docId), ("$pages", JsonSerializer.Serialize(rows)));
    }

    /// <summary>The page provenance of a document, in page order; empty for formats without pages.</summary>
    public IReadOnlyList<PageText> GetPages(long docId)
    {
        using SqliteConnection connection = Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT pages FROM document_pages WHERE doc_id = $id;";
        command.Parameters.AddWithValue("$id", docId);
        return command.ExecuteScalar() is string json ? ParsePages(json) : [];
    }

    /// <summary>Page provenance summaries of the given documents; documents without pages are left out.</summary>
    public IReadOnlyDictionary<long, PageSummary> GetPageSummaries(IReadOnlyCollection<long> docIds)
    {
        var summaries = new Dictionary<long, PageSummary>();
        if (docIds.Count == 0)
        {
            return summaries;
        }

        using SqliteConnection connection = Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT doc_id, pages FROM document_pages WHERE doc_id IN ({string.Join(',', docIds.Distinct())});";
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            summaries[reader.GetInt64(0)] = PageSummary.Of(ParsePages(reader.GetString(1)));
        }

        return summaries;
    }

    private static List<PageText> ParsePages(string json)
    {
        var pages = new List<PageText>();
        using var document = JsonDocument.Parse(json);
        foreach (var row in document.RootElement.EnumerateArray())
        {
            var source = Enum.TryParse<PageTextSource>(row[1].GetString(), ignoreCase: true, out var s) ? s : PageTextSource.Empty;
            pages.Add(new PageText(row[0].GetInt32(), source, row[2].GetDouble()));
        }

        return pages;
    }
}
