using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Zhiku.TestSupport;

/// <summary>
/// A loopback OpenAI-compatible server (Kestrel on 127.0.0.1, a free port) for tests and harnesses: chat
/// completions (JSON and SSE streaming) and embeddings. Chat replies come from a queue scripted per test
/// (<see cref="Enqueue"/>), then from <see cref="Responder"/>; every request is recorded in
/// <see cref="Requests"/> so tests can assert what was sent. No network beyond loopback.
/// </summary>
public sealed class FakeOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeReply> _replies = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();

    private FakeOpenAIServer(WebApplication app) => _app = app;

    /// <summary>The base URL clients use, ending in <c>/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Chat-completion requests only.</summary>
    public IReadOnlyList<RecordedRequest> ChatRequests => Requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).ToList();

    /// <summary>Answers chat requests when the script queue is empty; null answers HTTP 500 "no scripted reply".</summary>
    public Func<RecordedRequest, FakeReply>? Responder { get; set; }

    /// <summary>Vectors for the embeddings endpoint; defaults to <see cref="BigramEmbedding"/>.</summary>
    public Func<string, float[]> Embedding { get; set; } = BigramEmbedding;

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<FakeOpenAIServer> StartAsync(CancellationToken cancellationToken = default)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var server = new FakeOpenAIServer(app);
        app.MapPost("/v1/chat/completions", server.ChatAsync);
        app.MapPost("/v1/embeddings", server.EmbeddingsAsync);
        app.MapFallback(server.NotFoundAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    /// <summary>Queues replies for the next chat requests, in order.</summary>
    public void Enqueue(params FakeReply[] replies)
    {
        foreach (FakeReply reply in replies)
        {
            _replies.Enqueue(reply);
        }
    }

    /// <summary>
    /// A responder for harnesses: answers with the first sentence of source [1] in the prompt, cited [1]; or the
    /// not-found sentence when the prompt has no sources.
    /// </summary>
    public static FakeReply QuoteFirstSource(RecordedRequest request)
    {
        Match source = Regex.Match(request.MessageText, "^\\[1\\][^\\n]*\\n(?<text>[^\\n]+)", RegexOptions.Multiline);
        if (!source.Success)
        {
            return FakeReply.Text("知识库中没有找到相关内容。");
        }

        Match sentence = Regex.Match(source.Groups["text"].Value, "^.+?(?:[。！？!?]|\\.(?=\\s)|$)");
        return FakeReply.Text(sentence.Value.Trim() + "[1]");
    }

    /// <summary>A deterministic 256-dimension embedding: hashed character bigrams, L2-normalised.</summary>
    public static float[] BigramEmbedding(string text)
    {
        var vector = new float[256];
        string lower = text.ToLowerInvariant();
        for (int i = 0; i + 1 < lower.Length; i++)
        {
            if (char.IsWhiteSpace(lower[i]) || char.IsWhiteSpace(lower[i + 1]))
            {
                continue;
            }

            vector[((lower[i] * 31) + lower[i + 1]) % 256] += 1;
        }

        double norm = Math.Sqrt(vector.Sum(v => (double)v * v));
        return norm == 0 ? vector : vector.Select(v => (float)(v / norm)).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task<RecordedRequest> RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        string body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", headers, body);
        _requests.Enqueue(recorded);
        return recorded;
    }

    private async Task NotFoundAsync(HttpContext context)
    {
        await RecordAsync(context).ConfigureAwait(false);
        context.Response.StatusCode = 404;
        await context.Response.WriteAsJsonAsync(Error("no such endpoint on the fake server"), context.RequestAborted).ConfigureAwait(false);
    }

    private async Task ChatAsync(HttpContext context)
    {
        RecordedRequest request = await RecordAsync(context).ConfigureAwait(false);
        FakeReply reply = _replies.TryDequeue(out FakeReply? next) ? next
            : Responder?.Invoke(request) ?? FakeReply.Status(500, message: "no scripted reply");
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            await SendAsync(context, request, reply, aborted.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client gave up or the server is stopping; nothing to send.
        }
    }

    private static async Task SendAsync(HttpContext context, RecordedRequest request, FakeReply reply, CancellationToken cancellationToken)
    {
        HttpResponse response = context.Response;
        switch (reply)
        {
            case FakeReply.DelayReply delay:
                await Task.Delay(delay.Wait, cancellationToken).ConfigureAwait(false);
                await SendAsync(context, request, delay.Then, cancellationToken).ConfigureAwait(false);
                break;
            case FakeReply.StatusReply status:
                response.StatusCode = status.StatusCode;
                if (status.RetryAfterSeconds is { } seconds)
                {
                    response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await response.WriteAsJsonAsync(Error(status.Message), cancellationToken).ConfigureAwait(false);
                break;
            case FakeReply.RawReply raw:
                response.ContentType = raw.ContentType;
                await response.WriteAsync(raw.Body, cancellationToken).ConfigureAwait(false);
                break;
            case FakeReply.StallReply stall:
                await StartStreamAsync(response, cancellationToken).ConfigureAwait(false);
                await WriteChunkAsync(response, "fake-model", stall.FirstPart, null, cancellationToken).ConfigureAwait(false);
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                break;
            case FakeReply.TextReply text when request.IsStreaming:
                await StartStreamAsync(response, cancellationToken).ConfigureAwait(false);
                for (int i = 0; i < text.Content.Length; i += text.ChunkSize)
                {
                    string piece = text.Content.Substring(i, Math.Min(text.ChunkSize, text.Content.Length - i));
                    await WriteChunkAsync(response, text.ModelId, piece, null, cancellationToken).ConfigureAwait(false);
                }

                await WriteChunkAsync(response, text.ModelId, null, "stop", cancellationToken).ConfigureAwait(false);
                await response.WriteAsync("data: [DONE]\n\n", cancellationToken).ConfigureAwait(false);
                break;
            case FakeReply.TextReply text:
                await response.WriteAsJsonAsync(new Dictionary<string, object?>
                {
                    ["id"] = "chatcmpl-fake",
                    ["object"] = "chat.completion",
                    ["created"] = 1_700_000_000,
                    ["model"] = text.ModelId,
                    ["choices"] = new[]
                    {
                        new Dictionary<string, object?>
                        {
                            ["index"] = 0,
                            ["message"] = new Dictionary<string, object?> { ["role"] = "assistant", ["content"] = text.Content },
                            ["finish_reason"] = "stop",
                        },
                    },
                    ["usage"] = new Dictionary<string, int> { ["prompt_tokens"] = 10, ["completion_tokens"] = 10, ["total_tokens"] = 20 },
                }, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private static async Task StartStreamAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteChunkAsync(HttpResponse response, string model, string? content, string? finish, CancellationToken cancellationToken)
    {
        var chunk = new Dictionary<string, object?>
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_700_000_000,
            ["model"] = model,
            ["choices"] = new[]
            {
                new Dictionary<string, object?>
                {
                    ["index"] = 0,
                    ["delta"] = content is null ? new Dictionary<string, object?>() : new Dictionary<string, object?> { ["role"] = "assistant", ["content"] = content },
                    ["finish_reason"] = finish,
                },
            },
        };
        await response.WriteAsync("data: " + JsonSerializer.Serialize(chunk) + "\n\n", cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task EmbeddingsAsync(HttpContext context)
    {
        RecordedRequest request = await RecordAsync(context).ConfigureAwait(false);
        List<string> inputs = request.Json?["input"] switch
        {
            System.Text.Json.Nodes.JsonArray array => array.Select(x => x?.GetValue<string>() ?? "").ToList(),
            System.Text.Json.Nodes.JsonValue value => [value.GetValue<string>()],
            _ => [],
        };
        await context.Response.WriteAsJsonAsync(new Dictionary<string, object?>
        {
            ["object"] = "list",
            ["model"] = request.Json?["model"]?.GetValue<string>() ?? "fake-embedding",
            ["data"] = inputs.Select((text, i) => new Dictionary<string, object?> { ["object"] = "embedding", ["index"] = i, ["embedding"] = Embedding(text) }).ToArray(),
            ["usage"] = new Dictionary<string, int> { ["prompt_tokens"] = inputs.Count, ["total_tokens"] = inputs.Count },
        }, context.RequestAborted).ConfigureAwait(false);
    }

    private static Dictionary<string, object?> Error(string message) => new()
    {
        ["error"] = new Dictionary<string, object?> { ["message"] = message, ["type"] = "fake_error", ["code"] = null },
    };
}
