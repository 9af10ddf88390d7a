using System.Text.Json;
using Zhiku.Core.Documents;

namespace Zhiku.Core.Storage.Sqlite;

/// <summary>A document's page provenance as one <c>document_pages</c> value: compact rows [page, source, quality], so a
/// thousand-page scan stays a few kilobytes.</summary>
internal static class SqlitePageRows
{
    public static string Write(IReadOnlyList<PageText> pages) =>
        JsonSerializer.Serialize(pages.Select(p => new object[] { p.Page, p.Source.ToString().ToLowerInvariant(), p.Quality }).ToArray());

    public static List<PageText> Read(string json)
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
