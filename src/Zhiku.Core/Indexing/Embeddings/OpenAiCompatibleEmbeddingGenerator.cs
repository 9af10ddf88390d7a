using System.Net;
using System.Net.Http.Headers;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Polly.Timeout;
using Zhiku.Core.Http;

namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>
/// Embeddings from any OpenAI-compatible <c>POST {base}/embeddings</c> (OpenAI, Ollama, vLLM, Xinference, DashScope).
/// Written against the wire format rather than the OpenAI SDK because the SDK always asks for base64 output,
/// which several compatible servers do not implement; this client asks for floats and accepts either.
/// </summary>
public sealed class OpenAiCompatibleEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private static readonly TimeSpan EmbeddingRetryBaseDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan EmbeddingRetryMaxDelay = TimeSpan.FromSeconds(10);

    private readonly OpenAiEmbeddingOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _endpoint;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <param name="options">Endpoint, model and limits.</param>
    /// <param name="httpClient">Optional client; the caller then owns its retries and timeouts. Otherwise one is created over
    /// the shared <see cref="ResilientHttpPipeline"/> with the options' timeout and retries.</param>
    public OpenAiCompatibleEmbeddingGenerator(OpenAiEmbeddingOptions options, HttpClient? httpClient = null)
    {
        _options = options;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? ResilientHttpPipeline.CreateClient(new HttpPipelineOptions(
            options.Timeout, options.Timeout * (options.MaxRetries + 1) + EmbeddingRetryMaxDelay * options.MaxRetries,
            options.MaxRetries, EmbeddingRetryBaseDelay, EmbeddingRetryMaxDelay));
        string root = options.BaseUrl.ToString().TrimEnd('/');
        _endpoint = new Uri(root + "/embeddings");
        _metadata = new EmbeddingGeneratorMetadata("openai-compatible", options.BaseUrl, options.Model, options.Dimensions);
    }

    /// <summary>Embeds <paramref name="values"/> in batches of the options' size, in input order.</summary>
    /// <exception cref="ZhikuException">The service failed after retries: <see cref="ErrorKind.Unavailable"/> when it does
    /// not answer, answers 408/429/5xx or a wrong number of vectors; <see cref="ErrorKind.Forbidden"/> when it refuses the
    /// key (401/403); <see cref="ErrorKind.InvalidInput"/> for another 4xx or a reply that is not an embeddings list. The
    /// message names the endpoint and the setting to check.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyList<string> ?? [.. values];
        var all = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        for (int start = 0; start < texts.Count; start += Math.Max(1, _options.BatchSize))
        {
            var batch = texts.Skip(start).Take(Math.Max(1, _options.BatchSize)).ToList();
            var vectors = await PostAsync(batch, options?.Dimensions ?? _options.Dimensions, cancellationToken).ConfigureAwait(false);
            var created = DateTimeOffset.UtcNow;
            foreach (var v in vectors)
            {
                all.Add(new Embedding<float>(v) { ModelId = _options.Model, CreatedAt = created });
            }
        }

        return all;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<float[][]> PostAsync(List<string> batch, int? dimensions, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["model"] = _options.Model,
            ["input"] = new JsonArray([.. batch.Select(t => JsonValue.Create(t))]),
            ["encoding_format"] = "float",
        };
        if (dimensions is not null)
        {
            body["dimensions"] = dimensions.Value;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        }

        // Retries, backoff and timeouts belong to the shared ResilientHttpPipeline under _http, not to this client.
        HttpResponseMessage response;
        string text;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw ZhikuException.Unavailable(
                $"Embedding service {_endpoint} did not answer ({ex.Message}). Check embedding.base_url and that the server is running. " +
                $"向量服务 {_endpoint} 无响应：请检查 embedding.base_url 以及服务是否已启动。", "embedding.base_url", ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return Parse(text, batch.Count);
            }

            throw Failure(response.StatusCode, text);
        }
    }

    private float[][] Parse(string text, int expected)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var data = doc.RootElement.GetProperty("data");
            var result = new float[expected][];
            int position = 0;
            foreach (var item in data.EnumerateArray())
            {
                int index = item.TryGetProperty("index", out var i) && i.ValueKind == JsonValueKind.Number ? i.GetInt32() : position;
                var embedding = item.GetProperty("embedding");
                float[] vector = embedding.ValueKind == JsonValueKind.String
                    ? MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(embedding.GetString()!)).ToArray()
                    : [.. embedding.EnumerateArray().Select(x => x.GetSingle())];
                if ((uint)index >= (uint)expected)
                {
                    throw ZhikuException.Unavailable(
                        $"Embedding service {_endpoint} returned index {index} for {expected} inputs. 向量服务返回的序号 {index} 超出 {expected} 条输入。",
                        "embedding.base_url");
                }

                if (_options.Normalize)
                {
                    float norm = TensorPrimitives.Norm(vector);
                    if (norm > 0)
                    {
                        TensorPrimitives.Divide(vector, norm, vector);
                    }
                }

                result[index] = vector;
                position++;
            }

            if (result.Any(r => r is null))
            {
                throw ZhikuException.Unavailable(
                    $"Embedding service {_endpoint} returned {position} embeddings for {expected} inputs. 向量服务对 {expected} 条输入只返回了 {position} 个向量。",
                    "embedding.base_url");
            }

            return result;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw ZhikuException.InvalidInput(
                $"Embedding service {_endpoint} answered with something that is not an embeddings list: {Snippet(text)}. " +
                $"向量服务返回的不是 embeddings 列表，请确认 embedding.base_url 指向 OpenAI 兼容接口（通常以 /v1 结尾）。", "embedding.base_url", ex);
        }
    }

    /// <summary>An HTTP failure (after the pipeline's retries) by kind: the key refused is Forbidden, another 4xx is a
    /// setting to fix (InvalidInput), 408/429/5xx are Unavailable (the service may recover). The subject is the key.</summary>
    private ZhikuException Failure(HttpStatusCode status, string body)
    {
        int code = (int)status;
        string message = Describe(status, body);
        return code switch
        {
            401 or 403 => ZhikuException.Forbidden(message, "embedding.api_key"),
            408 or 429 or >= 500 => ZhikuException.Unavailable(message, "embedding.base_url"),
            404 => ZhikuException.InvalidInput(message, "embedding.base_url"),
            _ => ZhikuException.InvalidInput(message),
        };
    }

    private string Describe(HttpStatusCode status, string body)
    {
        string hint = status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                "Check embedding.api_key. 请检查 embedding.api_key。",
            HttpStatusCode.NotFound =>
                $"Check embedding.base_url (usually ends with /v1) and embedding.model (\"{_options.Model}\"). 请检查 embedding.base_url（通常以 /v1 结尾）和 embedding.model。",
            _ => "See the server's message. 请查看服务端返回的信息。",
        };
        return $"Embedding service {_endpoint} answered {(int)status} {status}: {Snippet(body)}. {hint}";
    }

    private static string Snippet(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
