namespace Zhiku.Core.Http;

/// <summary>
/// Reads a non-streaming response body inside the attempt, so a server that sends headers and then stalls is
/// caught by the per-attempt timeout and retried, instead of hanging in the client after the handlers returned.
/// Server-sent event streams pass through unbuffered.
/// </summary>
public sealed class ResponseBufferingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            try
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        return response;
    }
}
