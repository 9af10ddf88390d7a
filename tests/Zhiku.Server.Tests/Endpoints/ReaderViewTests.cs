using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Zhiku.Core.Ingestion;
using Zhiku.Server.Services;

namespace Zhiku.Server.Tests.Endpoints;

/// <summary>What readers see of documents: ids that do not count documents, and names without server paths.</summary>
public sealed class ReaderViewTests : IDisposable
{
    private readonly ServerFactory _server = new();

    [Fact]
    public async Task Document_ids_are_not_the_sequential_row_ids_and_still_address_the_documents()
    {
        using HttpClient admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        await admin.PostJsonAsync("/api/kbs", new { name = "corp" }, HttpStatusCode.Created);
        await admin.UploadAsync("corp", [("a.md", "# 甲\n\n第一份文件。"), ("b.md", "# 乙\n\n第二份文件。"), ("c.md", "# 丙\n\n第三份文件。")]);

        long kbId = (await _server.ServerStore.KnowledgeBases.FindAsync("corp"))!.Id;
        List<long> rows = (await _server.ServerStore.Store.Documents.ListAsync(kbId)).Select(d => d.Id).Order().ToList();
        List<long> shown = (await admin.GetJsonAsync("/api/kbs/corp/documents")).GetProperty("documents").EnumerateArray()
            .Select(d => d.GetProperty("id").GetInt64()).Order().ToList();
        Assert.Equal(3, shown.Count);
        Assert.Empty(shown.Intersect(rows));
        Assert.False(shown[1] == shown[0] + 1 && shown[2] == shown[1] + 1, "public ids must not be consecutive");
        Assert.All(shown, id => Assert.InRange(id, 0, (1L << 53) - 1));

        foreach (long id in shown)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/kbs/corp/documents/{id}")).StatusCode);
        }

        // A row id is not a document id to the server, and search results carry the same public ids.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/kbs/corp/documents/{rows[0]}")).StatusCode);
        JsonElement hit = (await admin.PostJsonAsync("/api/kbs/corp/search", new { query = "第二份文件" })).GetProperty("results")[0];
        Assert.Contains(hit.GetProperty("doc_id").GetInt64(), shown);
        Assert.DoesNotContain(hit.GetProperty("chunk_id").GetInt64(), (await _server.ServerStore.Store.Chunks.GetOfDocumentsAsync(rows)).Select(c => c.Id));
    }

    [Fact]
    public async Task Readers_see_names_relative_to_where_documents_came_from_and_admins_see_server_paths()
    {
        using HttpClient admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        using HttpClient reader = _server.Client(await _server.AddUserAsync("rita", "reader"));
        await admin.PostJsonAsync("/api/kbs", new { name = "corp" }, HttpStatusCode.Created);
        await admin.PutAsync("/api/kbs/corp/access", Api.Json(new { user = "rita", role = "reader" }));
        await admin.UploadAsync("corp", [(Corpus.PublicName, Corpus.Public)]);

        // Files ingested from a folder on the server (as `zhiku ingest` does) keep their path below that folder.
        string folder = Path.Combine(Path.GetTempPath(), "zhiku-reader-view-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "hr"));
        await File.WriteAllTextAsync(Path.Combine(folder, "hr", "policy.md"), "# 考勤制度\n\n迟到三次记旷工半天，QUOKKA55 为制度编号。");
        await File.WriteAllTextAsync(Path.Combine(folder, "intro.md"), "# 简介\n\n公司成立于二〇〇一年。");
        try
        {
            KnowledgeBaseHandle handle = await _server.Services.GetRequiredService<KnowledgeBaseRegistry>().GetAsync((await _server.ServerStore.KnowledgeBases.FindAsync("corp"))!);
            await new Ingestor(handle.KnowledgeBase).IngestAsync([folder]);

            string search = await (await reader.PostAsync("/api/kbs/corp/search", Api.Json(new { query = "QUOKKA55" }))).Content.ReadAsStringAsync();
            Assert.Equal("hr/policy.md", JsonDocument.Parse(search).RootElement.GetProperty("results")[0].GetProperty("source").GetString());
            Assert.DoesNotContain(folder, search, StringComparison.Ordinal);

            JsonElement documents = (await reader.GetJsonAsync("/api/kbs/corp/documents")).GetProperty("documents");
            Assert.Equal(new[] { "handbook.md", "hr/policy.md", "intro.md" }, documents.EnumerateArray().Select(d => d.GetProperty("source").GetString()!).Order(StringComparer.Ordinal));

            string ask = await (await reader.PostAsync("/api/kbs/corp/ask", Api.Json(new { question = "试用期员工可以休年假吗？" }))).Content.ReadAsStringAsync();
            JsonElement citation = JsonDocument.Parse(ask).RootElement.GetProperty("citations")[0];
            Assert.Equal(Corpus.PublicName, citation.GetProperty("source").GetString());
            Assert.DoesNotContain(_server.Store, ask, StringComparison.Ordinal);
            string passage = await reader.GetStringAsync($"/api/kbs/corp/documents/{citation.GetProperty("doc_id").GetInt64()}/passage");
            Assert.DoesNotContain(_server.Store, passage, StringComparison.Ordinal);
            Assert.Contains($"\"source\":\"{Corpus.PublicName}\"", passage, StringComparison.Ordinal);

            JsonElement adminHit = (await admin.PostJsonAsync("/api/kbs/corp/search", new { query = "QUOKKA55" })).GetProperty("results")[0];
            Assert.Equal(Path.Combine(folder, "hr", "policy.md"), adminHit.GetProperty("source").GetString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public void Dispose() => _server.Dispose();
}
