using System.Net;

namespace Zhiku.Server.Tests.Nodes;

/// <summary>Two servers with their own store folders on one PostgreSQL database: what one node issues, the other reads.</summary>
public sealed class SharedDatabaseTests
{
    private static ServerFactory Node(PostgresSchema database) =>
        new(settings: new Dictionary<string, string?> { ["Zhiku:Database"] = database.ConnectionString });

    [Fact]
    public async Task A_sign_in_cookie_from_one_node_is_accepted_by_another_and_sign_out_ends_it_on_both()
    {
        await using PostgresSchema database = await PostgresSchema.CreateAsync();
        using ServerFactory a = Node(database);
        using ServerFactory b = Node(database);
        string adminKey = await a.AddUserAsync("admin", "admin");
        using (HttpClient admin = a.Client(adminKey))
        {
            await admin.PostJsonAsync("/api/users", new { name = "dora", role = "reader", password = "correct horse" }, HttpStatusCode.Created);
        }

        using HttpClient browserA = a.Client(null);
        using HttpResponseMessage signIn = await browserA.PostAsync("/api/session", Api.Json(new { user = "dora", password = "correct horse" }));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        string cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("zhiku_session=", StringComparison.Ordinal)).Split(';')[0];

        // Node B was started after A issued the cookie, with its own folder: only the database is shared.
        using HttpClient browserB = b.Client(null);
        Assert.Equal("dora", (await MeAsync(browserB, cookie)).GetProperty("user").GetString());
        Assert.False(Directory.Exists(Path.Combine(b.Store, "keys")) && Directory.EnumerateFiles(Path.Combine(b.Store, "keys"), "key-*.xml").Any(),
            "node B wrote a Data Protection key to its folder");
        Assert.NotEmpty(await database.ColumnAsync("SELECT name FROM shared_keys WHERE kind = 'data-protection';"));

        // An API key issued through A works on B as well.
        using (HttpClient adminB = b.Client(adminKey))
        {
            await adminB.GetJsonAsync("/api/me");
        }

        using (var signOut = new HttpRequestMessage(HttpMethod.Delete, "/api/session"))
        {
            signOut.Headers.Add("Cookie", cookie);
            using HttpResponseMessage ended = await browserB.SendAsync(signOut);
            Assert.True(ended.IsSuccessStatusCode, await ended.Content.ReadAsStringAsync());
        }

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        again.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browserA.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task A_cookie_from_another_database_is_not_accepted()
    {
        await using PostgresSchema first = await PostgresSchema.CreateAsync();
        await using PostgresSchema second = await PostgresSchema.CreateAsync();
        using ServerFactory a = Node(first);
        using ServerFactory b = Node(second);
        string adminKey = await a.AddUserAsync("admin", "admin");
        await b.AddUserAsync("admin", "admin");
        using (HttpClient admin = a.Client(adminKey))
        {
            await admin.PostJsonAsync("/api/users", new { name = "dora", role = "reader", password = "correct horse" }, HttpStatusCode.Created);
        }

        using HttpClient browserA = a.Client(null);
        using HttpResponseMessage signIn = await browserA.PostAsync("/api/session", Api.Json(new { user = "dora", password = "correct horse" }));
        string cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("zhiku_session=", StringComparison.Ordinal)).Split(';')[0];

        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        me.Headers.Add("Cookie", cookie);
        using HttpClient browserB = b.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browserB.SendAsync(me)).StatusCode);
    }

    private static async Task<System.Text.Json.JsonElement> MeAsync(HttpClient client, string cookie)
    {
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        me.Headers.Add("Cookie", cookie);
        using HttpResponseMessage response = await client.SendAsync(me);
        Assert.True(response.IsSuccessStatusCode, $"GET /api/me with node A's cookie on node B: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }
}
