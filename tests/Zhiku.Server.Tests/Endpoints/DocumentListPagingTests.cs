using System.Net;
using System.Text.Json;

namespace Zhiku.Server.Tests.Endpoints;

/// <summary>The document list is paged and searchable (the web UI's document table relies on it).</summary>
public sealed class DocumentListPagingTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Documents_are_listed_by_page_and_filtered_by_title()
    {
        using HttpClient admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        await admin.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);
        await admin.UploadAsync("hr", Enumerable.Range(1, 5).Select(i => ($"note{i}.md", $"# 会议纪要 {i}\n\n第{i}次会议讨论了预算编号 B{i}{i}{i}。\n")).Append(("travel.md", "# Travel policy\n\nHotels up to 500 a night.\n")));

        JsonElement all = await admin.GetJsonAsync("/api/kbs/hr/documents");
        Assert.Equal(6, all.GetProperty("documents").GetArrayLength());
        Assert.Equal(6, all.GetProperty("total").GetInt32());

        JsonElement page = await admin.GetJsonAsync("/api/kbs/hr/documents?offset=2&limit=2");
        Assert.Equal(2, page.GetProperty("documents").GetArrayLength());
        Assert.Equal(6, page.GetProperty("total").GetInt32());
        Assert.Equal(2, page.GetProperty("offset").GetInt32());
        var firstIds = all.GetProperty("documents").EnumerateArray().Skip(2).Take(2).Select(d => d.GetProperty("id").GetInt64());
        Assert.Equal(firstIds, page.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("id").GetInt64()));

        JsonElement found = await admin.GetJsonAsync("/api/kbs/hr/documents?q=travel");
        Assert.Equal("Travel policy", Assert.Single(found.GetProperty("documents").EnumerateArray()).GetProperty("title").GetString());
        Assert.Equal(1, found.GetProperty("total").GetInt32());
        Assert.Equal(5, (await admin.GetJsonAsync("/api/kbs/hr/documents?q=会议纪要&limit=20")).GetProperty("total").GetInt32());

        JsonElement bad = await admin.GetJsonAsync("/api/kbs/hr/documents?limit=0", HttpStatusCode.BadRequest);
        Assert.Contains("limit", bad.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
