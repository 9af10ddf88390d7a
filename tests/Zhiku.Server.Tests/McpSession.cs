using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Zhiku.Server.Tests;

/// <summary>An MCP client over the test server's HTTP handler, authenticated with an API key.</summary>
public static class McpSession
{
    public static async Task<McpClient> ConnectAsync(ServerFactory server, string key)
    {
        HttpClient http = server.Client(key);
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(http.BaseAddress!, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp },
            http, NullLoggerFactory.Instance, ownsHttpClient: true);
        return await McpClient.CreateAsync(transport, null, NullLoggerFactory.Instance);
    }

    /// <summary>Calls a tool and returns its text (and whether it is an error).</summary>
    public static async Task<(string Text, bool IsError)> CallAsync(this McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        CallToolResult result = await client.CallToolAsync(tool, arguments);
        string text = string.Join("\n", result.Content.OfType<TextContentBlock>().Select(b => b.Text));
        return (text, result.IsError == true);
    }
}
