using System.Net;
using System.Text.Json;

namespace Zhiku.Server.Tests.Endpoints;

public sealed class KnowledgeBaseApiTests : IDisposable
{
    private readonly ServerFactory _server = new();

    [Fact]
    public async Task Create_list_configure_and_delete()
    {
        using HttpClient admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        JsonElement created = await admin.PostJsonAsync("/api/kbs", new { name = "hr", policy = "local-only" }, HttpStatusCode.Created);
        Assert.Equal("local-only", created.GetProperty("policy").GetString());
        Assert.Equal("admin", created.GetProperty("owner").GetString());

        JsonElement list = await admin.GetJsonAsync("/api/kbs");
        Assert.Equal("hr", list.GetProperty("kbs")[0].GetProperty("name").GetString());

        using HttpResponseMessage patched = await admin.PatchAsync("/api/kbs/hr", Api.Json(new { policy = "cloud", prompt_template = "[system]\nBe brief.\n[user]\n{{sources}}\n{{question}}", description = "HR" }));
        JsonElement updated = await patched.ReadJsonAsync();
        Assert.Equal("cloud", updated.GetProperty("policy").GetString());
        Assert.Equal("HR", updated.GetProperty("settings").GetProperty("description").GetString());
        Assert.StartsWith("[system]", updated.GetProperty("settings").GetProperty("prompt_template").GetString());

        await admin.UploadAsync("hr", [(Corpus.PublicName, Corpus.Public)]);
        Assert.True(Directory.EnumerateFiles(Path.Combine(_server.Store, "files")).Any() || Directory.EnumerateDirectories(Path.Combine(_server.Store, "files")).Any());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/kbs/hr")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/kbs/hr")).StatusCode);
        Assert.Equal(0, (await admin.GetJsonAsync("/api/kbs")).GetProperty("kbs").GetArrayLength());
    }

    [Fact]
    public async Task The_list_shows_each_knowledge_base_as_its_own_page_does()
    {
        // The list reads all knowledge bases with grouped queries; each entry must equal the one-by-one description.
        using HttpClient admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        using HttpClient rita = _server.Client(await _server.AddUserAsync("rita", "reader", "sales"));
        using HttpClient otto = _server.Client(await _server.AddUserAsync("otto", "reader"));
        await admin.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);
        await (await admin.PatchAsync("/api/kbs/hr", Api.Json(new { description = "HR" }))).ReadJsonAsync();
        await admin.PostJsonAsync("/api/kbs", new { name = "pub" }, HttpStatusCode.Created);
        await admin.PostJsonAsync("/api/kbs", new { name = "closed" }, HttpStatusCode.Created);
        await admin.UploadAsync("hr", [("a.md", "# 年假\n\n员工年假五天。"), ("b.md", "# 报销\n\n报销七日内提交。")]);
        await admin.UploadAsync("hr", [("c.md", "# 提成\n\n销售提成百分之三。")], groups: "sales");
        await admin.UploadAsync("hr", [("d.md", "# 薪酬\n\n高管薪酬保密。")], groups: "board");
        await admin.UploadAsync("pub", [("e.md", "# 公告\n\n食堂周一休息。")]);
        await (await admin.PutAsync("/api/kbs/hr/access", Api.Json(new { user = "rita", role = "reader" }))).ReadJsonAsync();
        await (await admin.PutAsync("/api/kbs/pub/access", Api.Json(new { user = "*", role = "editor" }))).ReadJsonAsync();
        await rita.PostJsonAsync("/api/kbs", new { name = "notes", personal = true }, HttpStatusCode.Created);

        foreach ((HttpClient client, string[] expected) in new[] { (admin, new[] { "closed", "hr", "pub" }), (rita, ["hr", "notes", "pub"]), (otto, ["pub"]) })
        {
            JsonElement kbs = (await client.GetJsonAsync("/api/kbs")).GetProperty("kbs");
            Assert.Equal(expected, kbs.EnumerateArray().Select(k => k.GetProperty("name").GetString()));
            foreach (JsonElement listed in kbs.EnumerateArray())
            {
                JsonElement page = await client.GetJsonAsync("/api/kbs/" + listed.GetProperty("name").GetString());
                Assert.Equal(page.GetRawText(), listed.GetRawText());
            }
        }

        JsonElement ritaHr = (await rita.GetJsonAsync("/api/kbs")).GetProperty("kbs")[0];
        Assert.Equal(3, ritaHr.GetProperty("documents").GetInt64());
    }

    [Fact]
    public async Task Bad_names_policies_and_duplicates_are_clear_errors()
    {
        using HttpClient admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        JsonElement badName = await admin.PostJsonAsync("/api/kbs", new { name = "a/b" }, HttpStatusCode.BadRequest);
        Assert.Contains("invalid knowledge base name", badName.GetProperty("detail").GetString());
        JsonElement badPolicy = await admin.PostJsonAsync("/api/kbs", new { name = "x", policy = "public" }, HttpStatusCode.BadRequest);
        Assert.Contains("policy", badPolicy.GetProperty("detail").GetString());
        await admin.PostJsonAsync("/api/kbs", new { name = "x" }, HttpStatusCode.Created);
        await admin.PostJsonAsync("/api/kbs", new { name = "x" }, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Readers_create_only_personal_knowledge_bases_which_nobody_else_sees()
    {
        using HttpClient admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        using HttpClient reader = _server.Client(await _server.AddUserAsync("rita", "reader"));
        using HttpClient other = _server.Client(await _server.AddUserAsync("otto", "reader"));
        await reader.PostJsonAsync("/api/kbs", new { name = "shared" }, HttpStatusCode.Forbidden);
        JsonElement mine = await reader.PostJsonAsync("/api/kbs", new { name = "rita-notes", personal = true }, HttpStatusCode.Created);
        Assert.True(mine.GetProperty("personal").GetBoolean());
        await reader.UploadAsync("rita-notes", [("notes.md", "# 笔记\n\n我的私人笔记：项目代号青龙。")]);

        foreach (HttpClient outsider in new[] { admin, other })
        {
            Assert.Equal(0, (await outsider.GetJsonAsync("/api/kbs")).GetProperty("kbs").GetArrayLength());
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsync("/api/kbs/rita-notes/search", Api.Json(new { query = "青龙" }))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.DeleteAsync("/api/kbs/rita-notes")).StatusCode);
        }

        JsonElement share = await (await reader.PutAsync("/api/kbs/rita-notes/access", Api.Json(new { user = "otto", role = "reader" }))).ReadJsonAsync();
        Assert.Equal(400, share.GetProperty("status").GetInt32());
        JsonElement hits = await reader.PostJsonAsync("/api/kbs/rita-notes/search", new { query = "青龙" });
        Assert.Equal(1, hits.GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task Access_list_grants_and_revokes()
    {
        using HttpClient admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        using HttpClient reader = _server.Client(await _server.AddUserAsync("rita", "reader"));
        await admin.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/api/kbs/hr")).StatusCode);

        using (HttpResponseMessage grant = await admin.PutAsync("/api/kbs/hr/access", Api.Json(new { user = "rita", role = "reader" })))
        {
            JsonElement list = await grant.ReadJsonAsync();
            Assert.Equal("rita", list.GetProperty("entries")[0].GetProperty("user").GetString());
        }

        Assert.Equal("reader", (await reader.GetJsonAsync("/api/kbs/hr")).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PutAsync("/api/kbs/hr/access", Api.Json(new { user = "*", role = "reader" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.DeleteAsync("/api/kbs/hr")).StatusCode);

        JsonElement badRole = await (await admin.PutAsync("/api/kbs/hr/access", Api.Json(new { user = "rita", role = "god" }))).ReadJsonAsync();
        Assert.Contains("role", badRole.GetProperty("detail").GetString());
        JsonElement badUser = await (await admin.PutAsync("/api/kbs/hr/access", Api.Json(new { user = "nobody", role = "reader" }))).ReadJsonAsync();
        Assert.Contains("user", badUser.GetProperty("detail").GetString());

        await admin.PutAsync("/api/kbs/hr/access", Api.Json(new { user = "rita", role = "none" }));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/api/kbs/hr")).StatusCode);

        await admin.PutAsync("/api/kbs/hr/access", Api.Json(new { user = "*", role = "editor" }));
        Assert.Equal("editor", (await reader.GetJsonAsync("/api/kbs/hr")).GetProperty("role").GetString());
        await reader.UploadAsync("hr", [(Corpus.PublicName, Corpus.Public)]);
    }

    public void Dispose() => _server.Dispose();
}
