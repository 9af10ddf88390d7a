using System.Net;
using System.Text.Json;
using Zhiku.Server.Auth;

namespace Zhiku.Server.Tests.Endpoints;

/// <summary>Personal knowledge bases: their own namespace per owner, and closed to admins, including through
/// credentials an admin mints or sets for the owner.</summary>
public sealed class PersonalKnowledgeBaseTests : IDisposable
{
    private readonly ServerFactory _server = new();

    [Fact]
    public async Task Personal_names_never_collide_across_users_nor_reveal_each_other()
    {
        using HttpClient alice = _server.Client(await _server.AddUserAsync("alice", "reader"));
        using HttpClient bob = _server.Client(await _server.AddUserAsync("bob", "editor"));
        using HttpClient carol = _server.Client(await _server.AddUserAsync("carol", "reader"));
        await alice.PostJsonAsync("/api/kbs", new { name = "notes", personal = true }, HttpStatusCode.Created);

        // Bob may take the same name, shared or personal: the answer does not tell him alice has one.
        await bob.PostJsonAsync("/api/kbs", new { name = "notes", personal = true }, HttpStatusCode.Created);
        await carol.PostJsonAsync("/api/kbs", new { name = "notes", personal = true }, HttpStatusCode.Created);
        using HttpClient dave = _server.Client(await _server.AddUserAsync("dave", "editor"));
        await dave.PostJsonAsync("/api/kbs", new { name = "notes" }, HttpStatusCode.Created);
        await alice.PostJsonAsync("/api/kbs", new { name = "notes", personal = true }, HttpStatusCode.Conflict);

        await alice.UploadAsync("notes", [("diary.md", "# 日记\n\n今天去了颐和园，ALICE42 是暗号。")]);
        Assert.Equal(0, (await bob.PostJsonAsync("/api/kbs/notes/search", new { query = "ALICE42" })).GetProperty("results").GetArrayLength());
        Assert.Equal(1, (await alice.PostJsonAsync("/api/kbs/notes/search", new { query = "ALICE42" })).GetProperty("results").GetArrayLength());

        JsonElement mine = (await alice.GetJsonAsync("/api/kbs")).GetProperty("kbs");
        JsonElement kb = Assert.Single(mine.EnumerateArray());
        Assert.Equal("notes", kb.GetProperty("name").GetString());
        Assert.True(kb.GetProperty("personal").GetBoolean());
        Assert.Single((await bob.GetJsonAsync("/api/kbs")).GetProperty("kbs").EnumerateArray());
        Assert.Contains("\"zhiku/notes\"", await alice.GetStringAsync("/v1/models"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shared_name_does_not_block_a_personal_one_it_cannot_see()
    {
        using HttpClient admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        using HttpClient alice = _server.Client(await _server.AddUserAsync("alice", "reader"));
        await admin.PostJsonAsync("/api/kbs", new { name = "board" }, HttpStatusCode.Created);
        await alice.PostJsonAsync("/api/kbs", new { name = "board", personal = true }, HttpStatusCode.Created);
        Assert.True((await alice.GetJsonAsync("/api/kbs/board")).GetProperty("personal").GetBoolean());
        Assert.False((await admin.GetJsonAsync("/api/kbs/board")).GetProperty("personal").GetBoolean());
    }

    [Fact]
    public async Task A_key_or_password_an_admin_issues_does_not_open_the_owners_personal_knowledge_bases()
    {
        using HttpClient admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        using HttpClient alice = _server.Client(await _server.AddUserAsync("alice", "reader"));
        await alice.PostJsonAsync("/api/kbs", new { name = "diary", personal = true }, HttpStatusCode.Created);
        await alice.UploadAsync("diary", [("d.md", "# 私人\n\n体检报告 ZX9931 只有我能看。")]);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/kbs/diary")).StatusCode);

        string minted = (await admin.PostJsonAsync("/api/users/alice/keys", new { })).GetProperty("api_key").GetString()!;
        using HttpClient asAlice = _server.Client(minted);
        Assert.Equal("alice", (await asAlice.GetJsonAsync("/api/me")).GetProperty("user").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await asAlice.GetAsync("/api/kbs/diary")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asAlice.PostAsync("/api/kbs/diary/search", Api.Json(new { query = "ZX9931" }))).StatusCode);
        Assert.Empty((await asAlice.GetJsonAsync("/api/kbs")).GetProperty("kbs").EnumerateArray());
        Assert.DoesNotContain("diary", await asAlice.GetStringAsync("/v1/models"), StringComparison.Ordinal);

        // A key minted with that key inherits its reach; signing in with it does too.
        string second = (await asAlice.PostJsonAsync("/api/me/keys", new { })).GetProperty("api_key").GetString()!;
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Client(second).GetAsync("/api/kbs/diary")).StatusCode);

        // A password the admin sets is the same.
        await admin.PatchAsync("/api/users/alice", Api.Json(new { password = "chosen by the admin" }));
        string cookie = await SignInAsync("alice", "chosen by the admin");
        Assert.Equal(HttpStatusCode.NotFound, await CookieGetAsync("/api/kbs/diary", cookie));

        // The minting is on record, for the admins and for alice.
        JsonElement events = (await admin.GetJsonAsync("/api/users/alice/events")).GetProperty("events");
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("action").GetString() == "key_issued_by_admin" && e.GetProperty("actor").GetString() == "admin");
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("action").GetString() == "password_set_by_admin");

        // Alice's own password opens it again.
        await _server.ServerStore.Users.SetPasswordHashAsync((await _server.ServerStore.Users.FindAsync("alice"))!.Id, PasswordHashing.Hash("alice's own secret"));
        string own = await SignInAsync("alice", "alice's own secret");
        Assert.Equal(HttpStatusCode.OK, await CookieGetAsync("/api/kbs/diary", own));
    }

    private async Task<string> SignInAsync(string name, string password)
    {
        using HttpClient browser = _server.Client(null);
        using HttpResponseMessage signIn = await browser.PostAsync("/api/session", Api.Json(new { user = name, password }));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        return signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(AuthSchemes.CookieName + "=", StringComparison.Ordinal)).Split(';')[0];
    }

    private async Task<HttpStatusCode> CookieGetAsync(string url, string cookie)
    {
        using HttpClient browser = _server.Client(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookie);
        using HttpResponseMessage response = await browser.SendAsync(request);
        return response.StatusCode;
    }

    public void Dispose() => _server.Dispose();
}
