using Microsoft.AspNetCore.Http.Metadata;

namespace Zhiku.Server.Hosting;

/// <summary>Gives the framework's own status responses (no route, wrong method, wrong content type) a detail and a code.</summary>
internal static class StatusProblems
{
    public static void Describe(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Detail is not null)
        {
            return;
        }

        (string code, string? detail) = context.ProblemDetails.Status switch
        {
            404 => ("not_found", $"no endpoint at {context.HttpContext.Request.Path}; see /openapi/v1.json / 没有该接口"),
            405 => ("method_not_allowed", $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path} / 不支持该请求方法"),
            415 => ("unsupported_media_type", $"Content-Type '{context.HttpContext.Request.ContentType}' is not accepted here; send {Accepted(context.HttpContext)} / 不支持的 Content-Type"),
            _ => ("error", null),
        };
        context.ProblemDetails.Detail = detail;
        context.ProblemDetails.Extensions["code"] = code;
    }

    private static string Accepted(HttpContext context)
    {
        var types = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAcceptsMetadata>().SelectMany(m => m.ContentTypes).Distinct().ToList();
        return types is { Count: > 0 } ? string.Join(" or ", types) : "application/json (file uploads: multipart/form-data)";
    }
}
