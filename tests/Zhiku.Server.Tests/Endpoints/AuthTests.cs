using System.Net;
using System.Text.Json;

namespace Zhiku.Server.Tests.Endpoints;

public sealed class AuthTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/api/kbs" },
        { "POST", "/api/kbs" },
        { "GET", "/api/kbs/hr" },
        { "PATCH", "/api/kbs/hr" },
        { "DELETE", "/api/kbs/hr" },
        { "GET", "/api/kbs/hr/access" },
        { "PUT", "/api/kbs/hr/access" },
        { "POST", "/api/kbs/hr/documents" },
        { "GET", "/api/kbs/hr/documents" },
        { "GET", "/api/kbs/hr/documents/1" },
        { "GET", "/api/kbs/hr/documents/1/file" },
        { "GET", "/api/kbs/hr/documents/1/passage" },
        { "PUT", "/api/kbs/hr/documents/1/groups" },
        { "POST", "/api/kbs/hr/documents/1/reindex" },
        { "DELETE", "/api/kbs/hr/documents/1" },
        { "POST", "/api/kbs/hr/search" },
        { "POST", "/api/kbs/hr/ask" },
        { "GET", "/api/jobs/1" },
        { "GET", "/api/jobs/1/events" },
        { "GET", "/api/chats" },
        { "GET", "/api/chats/1" },
        { "DELETE", "/api/chats/1" },
        { "GET", "/api/me" },
        { "PUT", "/api/me/password" },
        { "POST", "/api/me/keys" },
        { "GET", "/api/me/events" },
        { "DELETE", "/api/session" },
        { "GET", "/api/users" },
        { "POST", "/api/users" },
        { "PATCH", "/api/users/bob" },
        { "POST", "/api/users/bob/keys" },
        { "GET", "/api/users/bob/events" },
        { "GET", "/v1/models" },
        { "POST", "/v1/chat/completions" },
        { "POST", "/mcp" },
        { "GET", "/openapi/v1.json" },
        { "GET", "/docs/" },
        { "GET", "/no/such/route" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_but_healthz_answers_401_without_a_key(string method, string url)
    {
        string key = await _server.AddUserAsync("admin", "admin");
        using HttpClient anonymous = _server.Client(null);
        using HttpClient wrongKey = _server.Client("zk_not-a-real-key");
        foreach (HttpClient client in new[] { anonymous, wrongKey })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = method is "GET" or "DELETE" ? null : Api.RawJson("{}") };
            using HttpResponseMessage response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            JsonElement problem = await response.ReadJsonAsync();
            Assert.Contains("Bearer", problem.GetProperty("detail").GetString());
        }

        Assert.NotEmpty(key);
    }

    [Fact]
    public async Task Healthz_and_web_ui_need_no_key()
    {
        using HttpClient anonymous = _server.Client(null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        using HttpResponseMessage page = await anonymous.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Authorization_header_without_bearer_is_refused()
    {
        string key = await _server.AddUserAsync("admin", "admin");
        using HttpClient client = _server.Client(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/kbs");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic " + key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_rotated_key_and_a_disabled_user_stop_working()
    {
        string old = await _server.AddUserAsync("bob", "reader");
        using HttpClient before = _server.Client(old);
        Assert.Equal(HttpStatusCode.OK, (await before.GetAsync("/api/me")).StatusCode);

        var bob = (await _server.ServerStore.Users.FindAsync("bob"))!;
        string fresh = await _server.ServerStore.Users.IssueKeyAsync(bob.Id, revokeOthers: true);
        Assert.Equal(HttpStatusCode.Unauthorized, (await before.GetAsync("/api/me")).StatusCode);
        using HttpClient after = _server.Client(fresh);
        Assert.Equal(HttpStatusCode.OK, (await after.GetAsync("/api/me")).StatusCode);

        await _server.ServerStore.Users.SetDisabledAsync(bob.Id, true);
        Assert.Equal(HttpStatusCode.Unauthorized, (await after.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Keys_are_stored_hashed()
    {
        string key = await _server.AddUserAsync("carol", "reader");
        byte[] db = await File.ReadAllBytesAsync(Path.Combine(_server.Store, "zhiku.db"));
        string raw = System.Text.Encoding.UTF8.GetString(db);
        Assert.DoesNotContain(key, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cookie_sign_in_with_password_then_sign_out()
    {
        string adminKey = await _server.AddUserAsync("admin", "admin");
        using HttpClient admin = _server.Client(adminKey);
        await admin.PostJsonAsync("/api/users", new { name = "dora", role = "reader", password = "correct horse" }, HttpStatusCode.Created);

        using HttpClient browser = _server.Client(null);
        using (HttpResponseMessage wrong = await browser.PostAsync("/api/session", Api.Json(new { user = "dora", password = "wrong password" })))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (HttpResponseMessage unknown = await browser.PostAsync("/api/session", Api.Json(new { user = "nobody", password = "correct horse" })))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
            Assert.Contains("wrong user name or password", (await unknown.ReadJsonAsync()).GetProperty("detail").GetString());
        }

        using HttpResponseMessage signIn = await browser.PostAsync("/api/session", Api.Json(new { user = "dora", password = "correct horse" }));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        string cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("zhiku_session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        me.Headers.Add("Cookie", cookie.Split(';')[0]);
        using HttpResponseMessage meResponse = await browser.SendAsync(me);
        Assert.True(meResponse.IsSuccessStatusCode, await meResponse.Content.ReadAsStringAsync());
        Assert.Equal("dora", (await meResponse.ReadJsonAsync()).GetProperty("user").GetString());

        await _server.ServerStore.Users.SetDisabledAsync((await _server.ServerStore.Users.FindAsync("dora"))!.Id, true);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        again.Headers.Add("Cookie", cookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task Only_admins_manage_users()
    {
        string readerKey = await _server.AddUserAsync("erin", "reader");
        string adminKey = await _server.AddUserAsync("admin", "admin");
        using HttpClient reader = _server.Client(readerKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/api/users", Api.Json(new { name = "x", role = "admin" }))).StatusCode);

        using HttpClient admin = _server.Client(adminKey);
        JsonElement created = await admin.PostJsonAsync("/api/users", new { name = "frank", role = "editor", groups = new[] { "HR" } }, HttpStatusCode.Created);
        string frankKey = created.GetProperty("api_key").GetString()!;
        JsonElement me = await _server.Client(frankKey).GetJsonAsync("/api/me");
        Assert.Equal("editor", me.GetProperty("role").GetString());
        Assert.Equal("hr", me.GetProperty("groups")[0].GetString());

        JsonElement bad = await admin.PostJsonAsync("/api/users", new { name = "gina", role = "boss" }, HttpStatusCode.BadRequest);
        Assert.Contains("role", bad.GetProperty("detail").GetString());
    }

    public void Dispose() => _server.Dispose();
}
