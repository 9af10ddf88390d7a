using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Zhiku.Server.Auth;

namespace Zhiku.Server.Tests.Endpoints;

/// <summary>Server-side sessions, the same-origin check for cookie writes, and rate limits that a header spelling or a
/// password guesser cannot get around.</summary>
public sealed class SessionSecurityTests : IDisposable
{
    private const string Password = "correct horse battery";
    private readonly ServerFactory _server = new();

    [Fact]
    public async Task Sign_out_ends_the_session_on_the_server_not_only_in_the_browser()
    {
        await AddUserWithPasswordAsync("dora");
        string cookie = await SignInAsync("dora");
        Assert.Equal(HttpStatusCode.OK, await WithCookieAsync(HttpMethod.Get, "/api/me", cookie));

        Assert.Equal(HttpStatusCode.NoContent, await WithCookieAsync(HttpMethod.Delete, "/api/session", cookie));

        // A copy of the cookie taken before sign-out (a stolen one) no longer works.
        Assert.Equal(HttpStatusCode.Unauthorized, await WithCookieAsync(HttpMethod.Get, "/api/me", cookie));
        Assert.Equal(0, await _server.ServerStore.Users.CountSessionsAsync((await _server.ServerStore.Users.FindAsync("dora"))!.Id));
    }

    [Fact]
    public async Task A_password_change_ends_every_other_session_and_keeps_the_changing_browser_signed_in()
    {
        await AddUserWithPasswordAsync("dora");
        string laptop = await SignInAsync("dora");
        string phone = await SignInAsync("dora");

        using HttpClient client = _server.Client(null);
        using var change = new HttpRequestMessage(HttpMethod.Put, "/api/me/password")
        {
            Content = Api.Json(new { current = Password, password = "a brand new secret" }),
        };
        change.Headers.Add("Cookie", laptop);
        using HttpResponseMessage changed = await client.SendAsync(change);
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        string renewed = changed.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(AuthSchemes.CookieName + "=", StringComparison.Ordinal)).Split(';')[0];

        Assert.Equal(HttpStatusCode.Unauthorized, await WithCookieAsync(HttpMethod.Get, "/api/me", phone));
        Assert.Equal(HttpStatusCode.Unauthorized, await WithCookieAsync(HttpMethod.Get, "/api/me", laptop));
        Assert.Equal(HttpStatusCode.OK, await WithCookieAsync(HttpMethod.Get, "/api/me", renewed));
    }

    [Fact]
    public async Task Key_rotation_and_an_admin_password_reset_end_sessions_at_once()
    {
        using HttpClient admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        await AddUserWithPasswordAsync("dora");
        string cookie = await SignInAsync("dora");
        await admin.PostJsonAsync("/api/users/dora/keys", new { });
        Assert.Equal(HttpStatusCode.Unauthorized, await WithCookieAsync(HttpMethod.Get, "/api/me", cookie));

        cookie = await SignInAsync("dora");
        using HttpResponseMessage reset = await admin.PatchAsync("/api/users/dora", Api.Json(new { password = "set by the admin" }));
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await WithCookieAsync(HttpMethod.Get, "/api/me", cookie));
    }

    [Fact]
    public async Task Cookie_writes_from_a_foreign_origin_are_refused_and_api_keys_are_not_affected()
    {
        string key = await _server.AddUserAsync("dora", "editor");
        await _server.ServerStore.Users.SetPasswordHashAsync((await _server.ServerStore.Users.FindAsync("dora"))!.Id, PasswordHashing.Hash(Password));
        string cookie = await SignInAsync("dora");

        Assert.Equal(HttpStatusCode.Forbidden, await WithCookieAsync(HttpMethod.Post, "/api/kbs", cookie, Api.Json(new { name = "evil" }), origin: "https://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await WithCookieAsync(HttpMethod.Post, "/api/kbs", cookie, Api.Json(new { name = "evil" }), origin: "null"));
        Assert.Equal(HttpStatusCode.Forbidden, await WithCookieAsync(HttpMethod.Post, "/api/kbs", cookie, Api.Json(new { name = "evil" }), referer: "https://evil.example/page"));
        Assert.Equal(HttpStatusCode.Created, await WithCookieAsync(HttpMethod.Post, "/api/kbs", cookie, Api.Json(new { name = "mine" }), origin: "http://localhost"));

        using var form = new MultipartFormDataContent { { new StringContent("# 标题\n\n正文。"), "file", "a.md" } };
        Assert.Equal(HttpStatusCode.Forbidden, await WithCookieAsync(HttpMethod.Post, "/api/kbs/mine/documents", cookie, form, origin: "https://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await WithCookieAsync(HttpMethod.Put, "/api/kbs/mine/access", cookie, Api.Json(new { user = "*", role = "editor" }), origin: "https://evil.example"));
        Assert.Empty((await _server.Client(key).GetJsonAsync("/api/kbs/mine/access")).GetProperty("entries").EnumerateArray());

        // Reading is not a write; an API key is never sent by a browser on its own.
        Assert.Equal(HttpStatusCode.OK, await WithCookieAsync(HttpMethod.Get, "/api/kbs", cookie, origin: "https://evil.example"));
        using HttpClient app = _server.Client(key);
        using var viaKey = new HttpRequestMessage(HttpMethod.Post, "/api/kbs") { Content = Api.Json(new { name = "fromapp" }) };
        viaKey.Headers.Add("Origin", "https://chat.example.com");
        Assert.Equal(HttpStatusCode.Created, (await app.SendAsync(viaKey)).StatusCode);
    }

    [Fact]
    public async Task The_rate_limit_counts_per_user_however_the_authorization_header_is_spelled()
    {
        using var limited = new ServerFactory(settings: new() { ["Zhiku:RateLimitPerMinute"] = "20" });
        string key = await limited.AddUserAsync("dora", "reader");
        using HttpClient client = limited.Client(null);
        string[] spellings = ["Bearer " + key, "bearer " + key, "BEARER " + key, "Bearer   " + key, "Bearer " + key + "  "];
        int accepted = 0;
        for (int i = 0; i < 100; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
            request.Headers.TryAddWithoutValidation("Authorization", spellings[i % spellings.Length]);
            using HttpResponseMessage response = await client.SendAsync(request);
            accepted += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        Assert.Equal(20, accepted);
    }

    [Fact]
    public async Task Password_guesses_are_limited_per_account_and_per_address_with_backoff()
    {
        await AddUserWithPasswordAsync("dora");
        await AddUserWithPasswordAsync("erin");
        using HttpClient browser = _server.Client(null);
        for (int i = 0; i < SignInThrottle.FreeAccountFailures; i++)
        {
            using HttpResponseMessage wrong = await browser.PostAsync("/api/session", Api.Json(new { user = "DORA", password = "guess " + i }));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // Locked: even the right password is not checked now, and the answer says how long to wait.
        using (HttpResponseMessage locked = await browser.PostAsync("/api/session", Api.Json(new { user = "dora", password = Password })))
        {
            Assert.Equal((HttpStatusCode)429, locked.StatusCode);
            Assert.Equal("sign_in_throttled", (await locked.ReadJsonAsync()).GetProperty("code").GetString());
            Assert.True(locked.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        }

        // Another account from the same address still signs in, until the address has failed too often.
        await SignInAsync("erin");
        for (int i = SignInThrottle.FreeAccountFailures; i < SignInThrottle.FreeAddressFailures; i++)
        {
            using HttpResponseMessage spray = await browser.PostAsync("/api/session", Api.Json(new { user = "user" + i, password = "guess" }));
            Assert.Equal(HttpStatusCode.Unauthorized, spray.StatusCode);
        }

        using HttpResponseMessage address = await browser.PostAsync("/api/session", Api.Json(new { user = "erin", password = Password }));
        Assert.Equal((HttpStatusCode)429, address.StatusCode);
    }

    private async Task AddUserWithPasswordAsync(string name)
    {
        await _server.AddUserAsync(name, "reader");
        await _server.ServerStore.Users.SetPasswordHashAsync((await _server.ServerStore.Users.FindAsync(name))!.Id, PasswordHashing.Hash(Password));
    }

    private async Task<string> SignInAsync(string name)
    {
        using HttpClient browser = _server.Client(null);
        using HttpResponseMessage signIn = await browser.PostAsync("/api/session", Api.Json(new { user = name, password = Password }));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        return signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(AuthSchemes.CookieName + "=", StringComparison.Ordinal)).Split(';')[0];
    }

    private async Task<HttpStatusCode> WithCookieAsync(HttpMethod method, string url, string cookie, HttpContent? content = null, string? origin = null, string? referer = null)
    {
        using HttpClient browser = _server.Client(null);
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add("Cookie", cookie);
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        if (referer is not null)
        {
            request.Headers.Referrer = new Uri(referer);
        }

        using HttpResponseMessage response = await browser.SendAsync(request);
        return response.StatusCode;
    }

    public void Dispose() => _server.Dispose();
}
