using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Zhiku.Core.Answering.Clients;

/// <summary>
/// Rewrites the OpenAI client's request body for servers that reject its newer fields: <c>max_completion_tokens</c>
/// becomes <c>max_tokens</c>, and <c>stream_options</c> is removed, each when the provider says so. It also makes
/// every body a byte array, so the retry handler after it can send the same request again.
/// </summary>
public sealed class OpenAICompatibilityHandler : DelegatingHandler
{
    private readonly bool _sendMaxCompletionTokens;
    private readonly bool _sendStreamOptions;

    public OpenAICompatibilityHandler(bool sendMaxCompletionTokens, bool sendStreamOptions)
    {
        _sendMaxCompletionTokens = sendMaxCompletionTokens;
        _sendStreamOptions = sendStreamOptions;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content)
        {
            byte[] body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            MediaTypeHeaderValue? contentType = content.Headers.ContentType;
            if (contentType?.MediaType == "application/json")
            {
                body = Rewrite(body);
            }

            var replacement = new ByteArrayContent(body);
            replacement.Headers.ContentType = contentType;
            request.Content = replacement;
            content.Dispose();
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies the switches to one JSON body; anything that is not a JSON object passes unchanged.</summary>
    public byte[] Rewrite(byte[] body)
    {
        if (_sendMaxCompletionTokens && _sendStreamOptions)
        {
            return body;
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return body;
        }

        if (node is not JsonObject json)
        {
            return body;
        }

        bool changed = false;
        if (!_sendMaxCompletionTokens && json.TryGetPropertyValue("max_completion_tokens", out JsonNode? max))
        {
            json.Remove("max_completion_tokens");
            if (!json.ContainsKey("max_tokens"))
            {
                json["max_tokens"] = max;
            }

            changed = true;
        }

        if (!_sendStreamOptions && json.Remove("stream_options"))
        {
            changed = true;
        }

        return changed ? JsonSerializer.SerializeToUtf8Bytes(json) : body;
    }
}
