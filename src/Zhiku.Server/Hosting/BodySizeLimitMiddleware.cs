using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Zhiku.Server.Hosting;

/// <summary>
/// Request size limits per endpoint kind: JSON bodies get <see cref="ServerOptions.MaxJsonBytes"/>, uploads
/// <see cref="ServerOptions.MaxUploadBytes"/>. A declared length over the limit is refused before reading;
/// a chunked body is cut by the server when it passes the limit.
/// </summary>
public sealed class BodySizeLimitMiddleware(RequestDelegate next, IOptions<ServerOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        bool upload = context.GetEndpoint()?.Metadata.GetMetadata<UploadEndpointMetadata>() is not null;
        long limit = upload ? options.Value.MaxUploadBytes : options.Value.MaxJsonBytes;
        if (context.Request.ContentLength > limit)
        {
            await ApiProblems.WriteAsync(context, ApiProblems.TooLarge(
                $"request body is {context.Request.ContentLength} bytes, over the {limit} byte limit of this endpoint / 请求体超过大小上限")).ConfigureAwait(false);
            return;
        }

        IHttpMaxRequestBodySizeFeature? feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }

        await next(context).ConfigureAwait(false);
    }
}
