using System.Net;
using System.Text.Json;

namespace Zhiku.Server.Tests.Endpoints;

public sealed class LimitsTests
{
    [Fact]
    public async Task Requests_over_the_per_key_rate_limit_get_429_problem_details()
    {
        using var server = new ServerFactory(settings: new() { ["Zhiku:RateLimitPerMinute"] = "5" });
        using HttpClient first = server.Client(await server.AddUserAsync("admin", "admin"));
        using HttpClient second = server.Client(await server.AddUserAsync("bob", "reader"));
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/me")).StatusCode);
        }

        using HttpResponseMessage limited = await first.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("rate_limited", (await limited.ReadJsonAsync()).GetProperty("code").GetString());
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Json_bodies_over_the_limit_get_413()
    {
        using var server = new ServerFactory(settings: new() { ["Zhiku:MaxJsonBytes"] = "1000" });
        using HttpClient admin = server.Client(await server.AddUserAsync("admin", "admin"));
        await admin.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);
        JsonElement problem = await admin.PostJsonAsync("/api/kbs/hr/search", new { query = new string('x', 2000) }, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("limit", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cors_is_off_by_default_and_on_when_configured()
    {
        using (var server = new ServerFactory())
        {
            using HttpClient client = server.Client(await server.AddUserAsync("admin", "admin"));
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/kbs");
            preflight.Headers.Add("Origin", "https://evil.example");
            preflight.Headers.Add("Access-Control-Request-Method", "GET");
            using HttpResponseMessage response = await client.SendAsync(preflight);
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
            using var get = new HttpRequestMessage(HttpMethod.Get, "/api/kbs");
            get.Headers.Add("Origin", "https://evil.example");
            Assert.False((await client.SendAsync(get)).Headers.Contains("Access-Control-Allow-Origin"));
        }

        using (var server = new ServerFactory(settings: new() { ["Zhiku:CorsOrigins:0"] = "https://chat.example" }))
        {
            using HttpClient client = server.Client(await server.AddUserAsync("admin", "admin"));
            using var get = new HttpRequestMessage(HttpMethod.Get, "/api/kbs");
            get.Headers.Add("Origin", "https://chat.example");
            using HttpResponseMessage response = await client.SendAsync(get);
            Assert.Equal("https://chat.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }
    }

    [Fact]
    public async Task OpenApi_document_and_reference_page_are_served()
    {
        using var server = new ServerFactory();
        using HttpClient client = server.Client(await server.AddUserAsync("admin", "admin"));
        JsonElement document = await client.GetJsonAsync("/openapi/v1.json");
        JsonElement paths = document.GetProperty("paths");
        foreach (string path in new[] { "/api/kbs", "/api/kbs/{kb}/documents", "/api/jobs/{id}", "/api/kbs/{kb}/search", "/api/kbs/{kb}/ask", "/api/kbs/{kb}/access", "/v1/chat/completions", "/v1/models", "/healthz" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI lacks {path}");
        }

        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("bearer", out _));
        JsonElement searchBody = paths.GetProperty("/api/kbs/{kb}/search").GetProperty("post").GetProperty("requestBody");
        Assert.Contains("SearchRequest", searchBody.GetRawText(), StringComparison.Ordinal);
        JsonElement properties = document.GetProperty("components").GetProperty("schemas").GetProperty("SearchRequest").GetProperty("properties");
        Assert.True(properties.TryGetProperty("query", out _));
        Assert.True(properties.TryGetProperty("top", out _));
        using HttpResponseMessage page = await client.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Zhiku", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
