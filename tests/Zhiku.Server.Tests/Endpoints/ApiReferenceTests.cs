using System.Net;
using System.Text.RegularExpressions;

namespace Zhiku.Server.Tests.Endpoints;

/// <summary>The API reference page works offline: it and every asset it loads come from the server itself.</summary>
public sealed partial class ApiReferenceTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task The_api_reference_page_and_its_assets_reference_no_other_origin()
    {
        using HttpClient client = _server.Client(await _server.AddUserAsync("admin", "admin"));
        using HttpResponseMessage page = await client.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Zhiku", html, StringComparison.Ordinal);
        AssertNoExternalOrigin("/docs/", html);

        var assets = Reference().Matches(html).Select(m => m.Groups["url"].Value).Distinct().ToList();
        Assert.Contains(assets, a => a.EndsWith(".js", StringComparison.Ordinal));
        foreach (string asset in assets)
        {
            Assert.StartsWith("/", asset, StringComparison.Ordinal);
            Assert.False(asset.StartsWith("//", StringComparison.Ordinal), $"{asset} is protocol-relative: another origin");
            using HttpResponseMessage response = await client.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (asset.EndsWith(".js", StringComparison.Ordinal) || asset.EndsWith(".css", StringComparison.Ordinal))
            {
                AssertNoExternalOrigin(asset, await response.Content.ReadAsStringAsync());
            }
        }

        using HttpResponseMessage description = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, description.StatusCode);
    }

    private static void AssertNoExternalOrigin(string name, string text)
    {
        Match external = ExternalOrigin().Match(text);
        Assert.False(external.Success, $"{name} references another origin: {external.Value}");
    }

    [GeneratedRegex(@"(?:src|href)\s*=\s*[""'](?<url>[^""'#]+)[""']", RegexOptions.IgnoreCase)]
    private static partial Regex Reference();

    [GeneratedRegex(@"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalOrigin();
}
