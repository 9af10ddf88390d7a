using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Zhiku.Core.Tests.Indexing;

/// <summary>
/// A scripted OpenAI-compatible /v1/embeddings server on 127.0.0.1 that records each request and answers with
/// vectors derived from the input text (so order bugs show), or with scripted failures.
/// </summary>
public sealed class LoopbackEmbeddingServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly Queue<int> _failures = new();

    public LoopbackEmbeddingServer()
    {
        int port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}/v1";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    public List<(string Path, string? Authorization, JsonObject Body)> Requests { get; } = [];

    /// <summary>Status codes to answer with (one per request) before answering normally.</summary>
    public void FailNext(params int[] statusCodes)
    {
        foreach (int s in statusCodes)
        {
            _failures.Enqueue(s);
        }
    }

    /// <summary>The vector the server returns for a text: [length, first char, 1], unnormalised on purpose.</summary>
    public static float[] VectorFor(string text) => [text.Length, text.Length == 0 ? 0 : text[0], 1f];

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener throws out of GetContextAsync when stopped.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
            lock (Requests)
            {
                Requests.Add((context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], body));
            }

            string answer;
            if (_failures.TryDequeue(out int status))
            {
                context.Response.StatusCode = status;
                answer = """{"error": {"message": "scripted failure"}}""";
            }
            else
            {
                var inputs = body["input"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
                // Answer in reverse order with explicit indexes, as some servers do.
                var data = new JsonArray();
                for (int i = inputs.Count - 1; i >= 0; i--)
                {
                    data.Add(new JsonObject
                    {
                        ["object"] = "embedding",
                        ["index"] = i,
                        ["embedding"] = new JsonArray([.. VectorFor(inputs[i]).Select(f => JsonValue.Create(f))]),
                    });
                }

                answer = new JsonObject { ["object"] = "list", ["data"] = data, ["model"] = body["model"]!.GetValue<string>() }.ToJsonString();
            }

            byte[] bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
