using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;

namespace Zhiku.Server.Endpoints;

/// <summary>
/// The web chat: plain HTML, CSS and JavaScript embedded in this assembly (no build step, no files to deploy),
/// served at <c>/</c> and <c>/ui/…</c>, and the API reference page at <c>/docs</c>. The assets are public; everything they show comes from the API after sign-in.
/// </summary>
public static class WebUiEndpoints
{
    private static readonly Assembly Assembly = typeof(WebUiEndpoints).Assembly;
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private static readonly ConcurrentDictionary<string, (byte[] Bytes, string ETag)?> Cache = new();

    public static IEndpointRouteBuilder MapWebUi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context) => Serve(context, "index.html")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/ui/{**path}", (string path, HttpContext context) => Serve(context, path)).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The API reference at <c>/docs</c>: a self-contained page that renders <c>/openapi/v1.json</c> with the
    /// server's own script and styles, so it works offline (no fonts, scripts or buttons from any other origin).
    /// Like the OpenAPI description it needs a signed-in caller.
    /// </summary>
    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        // One route: routing matches "/docs/" to it as well.
        app.MapGet("/docs", (HttpContext context) => Serve(context, "docs.html")).ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext context, string path)
    {
        (byte[] Bytes, string ETag)? asset = Cache.GetOrAdd(path, Load);
        if (asset is null)
        {
            return ApiProblems.NotFound($"'{path}'");
        }

        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ETag = asset.Value.ETag;
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        context.Response.Headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";
        if (context.Request.Headers.IfNoneMatch == asset.Value.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        string type = ContentTypes.TryGetContentType(path, out string? known) ? known : "application/octet-stream";
        if (type.StartsWith("text/", StringComparison.Ordinal) || type.EndsWith("javascript", StringComparison.Ordinal))
        {
            type += "; charset=utf-8";
        }

        return Results.Bytes(asset.Value.Bytes, type);
    }

    private static (byte[] Bytes, string ETag)? Load(string path)
    {
        if (path.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        using Stream? stream = Assembly.GetManifestResourceStream("webui/" + path);
        if (stream is null)
        {
            return null;
        }

        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        byte[] bytes = memory.ToArray();
        return (bytes, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"");
    }
}
