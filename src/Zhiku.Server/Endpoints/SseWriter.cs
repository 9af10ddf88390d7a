using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Zhiku.Core.Answering.Json;

namespace Zhiku.Server.Endpoints;

/// <summary>Writes a text/event-stream response: named events with JSON data, flushed one by one.</summary>
internal sealed class SseWriter
{
    private readonly HttpResponse _response;

    private SseWriter(HttpResponse response) => this._response = response;

    public static SseWriter Start(HttpContext context)
    {
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        return new SseWriter(context.Response);
    }

    /// <summary>Writes <c>event: NAME</c> (when given) and <c>data: JSON</c>.</summary>
    public Task WriteAsync<T>(string? eventName, T data, CancellationToken cancellationToken) =>
        WriteRawAsync(eventName, JsonSerializer.Serialize(data, AnswerJson.Options), cancellationToken);

    /// <summary>Writes one event whose data is already text (one line).</summary>
    public async Task WriteRawAsync(string? eventName, string data, CancellationToken cancellationToken)
    {
        string text = (eventName is null ? "" : $"event: {eventName}\n") + $"data: {data}\n\n";
        await _response.WriteAsync(text, cancellationToken).ConfigureAwait(false);
        await _response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
