using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Zhiku.Core.Access;
using Zhiku.Server.Endpoints;

namespace Zhiku.Server.Tests.Endpoints;

/// <summary>The access check of every knowledge-base route is one endpoint filter: no <c>{kb}</c> route lacks it,
/// each answers an unknown or unseen knowledge base with 404 and a missing role with 403 before its handler runs, and
/// the API reference still documents the <c>kb</c> path parameter.</summary>
public sealed class KbAccessFilterTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public void Every_route_naming_a_knowledge_base_requires_a_role()
    {
        _ = _server.Client(null); // starts the host
        List<RouteEndpoint> routes = _server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.Parameters.Any(p => p.Name == "kb"))
            .ToList();

        Assert.True(routes.Count >= 17, $"only {routes.Count} routes with {{kb}}");
        Assert.All(routes, route => Assert.True(route.Metadata.GetMetadata<RequiredKbRole>() is not null,
            $"{route.RoutePattern.RawText} ({route.DisplayName}) has no RequireKbRole"));
        Assert.Equal(KbRole.Owner, routes.Single(r => r.RoutePattern.RawText == "/api/kbs/{kb}" && Methods(r).Contains("DELETE"))
            .Metadata.GetMetadata<RequiredKbRole>()!.Minimum);
    }

    [Fact]
    public async Task Unknown_is_404_a_missing_role_is_403_and_an_allowed_call_reaches_the_handler()
    {
        HttpClient admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        HttpClient reader = _server.Client(await _server.AddUserAsync("rita", "reader"));
        await admin.PostJsonAsync("/api/kbs", new { name = "corp" }, HttpStatusCode.Created);
        await admin.PutAsync("/api/kbs/corp/access", Api.Json(new { user = "*", role = "reader" }));

        JsonElement unknown = await reader.GetJsonAsync("/api/kbs/nope/documents", HttpStatusCode.NotFound);
        Assert.Equal("kb_not_found", unknown.GetProperty("code").GetString());

        HttpResponseMessage delete = await reader.DeleteAsync("/api/kbs/corp");
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        HttpResponseMessage upload = await reader.PostAsync("/api/kbs/corp/documents", new MultipartFormDataContent());
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);

        JsonElement shown = await reader.GetJsonAsync("/api/kbs/corp");
        Assert.Equal("corp", shown.GetProperty("name").GetString());
        await reader.GetJsonAsync("/api/kbs/corp/documents");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/kbs/corp")).StatusCode);
    }

    [Fact]
    public async Task The_api_reference_still_documents_the_kb_parameter()
    {
        HttpClient admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        JsonElement document = await admin.GetJsonAsync("/openapi/v1.json");
        var missing = new List<string>();
        foreach (JsonProperty path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.Contains("{kb}", StringComparison.Ordinal)))
        {
            foreach (JsonProperty operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Name != "parameters"))
            {
                bool documented = Parameters(operation.Value).Concat(Parameters(path.Value)).Any(p => p.GetProperty("name").GetString() == "kb");
                if (!documented)
                {
                    missing.Add($"{operation.Name} {path.Name}");
                }
            }
        }

        Assert.Empty(missing);
    }

    private static IEnumerable<JsonElement> Parameters(JsonElement element) =>
        element.TryGetProperty("parameters", out JsonElement parameters) ? parameters.EnumerateArray() : [];

    private static IReadOnlyList<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [];
}
