using System.Net;
using System.Text.Json;

namespace Zhiku.Server.Tests.Jobs;

/// <summary>The same file uploaded twice is one document with two sources, and search shows it once.</summary>
public sealed class DuplicateUploadTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Uploading_a_file_again_adds_a_source_not_a_second_document()
    {
        using HttpClient admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        await admin.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);
        await admin.UploadAsync("hr", [(Corpus.PublicName, Corpus.Public)]);
        JsonElement again = await admin.UploadAsync("hr", [("handbook-copy.md", Corpus.Public)]);

        JsonElement file = again.GetProperty("files")[0];
        Assert.Equal("unchanged", file.GetProperty("status").GetString());
        Assert.Contains("another source", file.GetProperty("reason").GetString(), StringComparison.Ordinal);
        JsonElement documents = (await admin.GetJsonAsync("/api/kbs/hr/documents")).GetProperty("documents");
        Assert.Equal(1, documents.GetArrayLength());
        long kbId = (await _server.ServerStore.KnowledgeBases.FindAsync("hr"))!.Id;
        long id = _server.ServerStore.PublicIds.DocumentFromPublic(kbId, documents[0].GetProperty("id").GetInt64())!.Value;
        Assert.Equal(2, (await _server.ServerStore.Store.DocumentSources.ListAsync(id)).Count);

        JsonElement hits = await admin.PostJsonAsync("/api/kbs/hr/search", new { query = "带薪年假 试用期", top = 5 });
        var texts = hits.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("text").GetString()).ToList();
        Assert.Equal(texts.Count, texts.Distinct().Count());
    }
}
