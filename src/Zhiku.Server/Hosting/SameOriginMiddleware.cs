
namespace Zhiku.Server.Hosting;

/// <summary>
/// Refuses state-changing requests without an API key (cookie-authenticated writes and sign-in) whose <c>Origin</c>
/// (or, without one, <c>Referer</c>) names another site than the one serving the request: a defence against
/// cross-site request forgery on top of the SameSite=Strict cookie. Requests with an Authorization header are not
/// affected (a key is not sent by the browser on its own), nor are requests carrying neither header (non-browser
/// clients; browsers send Origin on every cross-site write).
/// </summary>
public sealed class SameOriginMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method)
            && context.Request.Headers.Authorization.Count == 0 && IsForeign(context.Request))
        {
            await ApiProblems.WriteAsync(context, ApiProblems.Create(403, "cross_origin_refused",
                "cross-site request refused: a signed-in browser may change data only from the Zhiku web UI itself; other applications use an API key (Authorization: Bearer) / 拒绝跨站请求：浏览器登录状态只能在知库网页内修改数据，其他应用请使用 API 密钥"))
                .ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>True when Origin (else Referer) is present and is not this request's own host.</summary>
    internal static bool IsForeign(HttpRequest request)
    {
        string? origin = request.Headers.Origin.Count > 0 ? request.Headers.Origin.ToString() : request.Headers.Referer.ToString();
        if (string.IsNullOrEmpty(origin))
        {
            return false;
        }

        // "Origin: null" (sandboxed frames, some redirects) is foreign too.
        return !Uri.TryCreate(origin, UriKind.Absolute, out Uri? uri)
            || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
