using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Zhiku.Core;

namespace Zhiku.Server.Hosting;

/// <summary>
/// Turns exceptions into problem details: a user's mistake (bad JSON, a wrong field, a too large body) is a 4xx
/// naming the field; a <see cref="ZhikuException"/> gets the status of its kind (invalid input 400, not found 404,
/// conflict 409, forbidden 403, unavailable 503); anything else is a 500 without internals (the log has them, under
/// the trace id).
/// </summary>
public sealed partial class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        var problem = exception switch
        {
            ZhikuException zhiku when zhiku.Kind != ErrorKind.Internal => FromKind(zhiku),
            BadHttpRequestException bad => FromBadRequest(bad),
            JsonException json => ApiProblems.BadRequest(DescribeJson(json), "invalid_json"),
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path} ({TraceId})", httpContext.Request.Method, httpContext.Request.Path, httpContext.TraceIdentifier);
            problem = ApiProblems.Create(500, "internal_error",
                $"internal error; the server log has the details under trace id {httpContext.TraceIdentifier} / 服务器内部错误");
        }

        if (httpContext.Response.HasStarted)
        {
            return true;
        }

        httpContext.Response.Clear();
        await ApiProblems.WriteAsync(httpContext, problem).ConfigureAwait(false);
        return true;
    }

    /// <summary>The status and stable code for each kind Core reports; the message is Core's, it names the thing.</summary>
    internal static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult FromKind(ZhikuException exception) => exception.Kind switch
    {
        ErrorKind.InvalidInput => ApiProblems.BadRequest(exception.Message),
        ErrorKind.NotFound => ApiProblems.Create(StatusCodes.Status404NotFound, "not_found", exception.Message),
        ErrorKind.Conflict => ApiProblems.Conflict(exception.Message),
        ErrorKind.Forbidden => ApiProblems.Create(StatusCodes.Status403Forbidden, "forbidden", exception.Message),
        ErrorKind.Unavailable => ApiProblems.Create(StatusCodes.Status503ServiceUnavailable, "unavailable", exception.Message),
        _ => throw new ArgumentOutOfRangeException(nameof(exception), exception.Kind, "internal errors are not shown to clients"),
    };

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult FromBadRequest(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiProblems.TooLarge("request body is larger than this endpoint accepts; send less / 请求体过大");
        }

        if (bad.InnerException is JsonException json)
        {
            return ApiProblems.BadRequest(DescribeJson(json), "invalid_json");
        }

        if (bad.Message.Contains("was not provided from body", StringComparison.Ordinal) || bad.Message.Contains("Implicit body inferred", StringComparison.Ordinal))
        {
            return ApiProblems.BadRequest("request body: a JSON object is required (Content-Type: application/json) / 请求体须为 JSON 对象", "invalid_json");
        }

        return ApiProblems.Create(bad.StatusCode, "bad_request", bad.Message);
    }

    /// <summary>Names the field a JSON error is about, in words a client developer can act on.</summary>
    internal static string DescribeJson(JsonException json)
    {
        string message = json.Message;
        System.Text.RegularExpressions.Match missing = MissingRequired().Match(message);
        if (missing.Success)
        {
            string field = missing.Groups[1].Value;
            return $"field '{field}' is required / 缺少必填字段 '{field}'";
        }

        string path = json.Path is null or "$" ? "" : json.Path.StartsWith("$.", StringComparison.Ordinal) ? json.Path[2..] : json.Path;
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        string reason = cut > 0 ? message[..cut] : message;
        if (reason.Contains("LineNumber", StringComparison.Ordinal))
        {
            reason = reason[..reason.IndexOf("LineNumber", StringComparison.Ordinal)].TrimEnd(' ', '|', '.');
        }

        // Conversion errors are about one field's value; anything else is broken JSON syntax at that point.
        bool conversion = message.Contains("could not be converted", StringComparison.Ordinal);
        return conversion && path.Length > 0
            ? $"field '{path}': invalid value ({reason.TrimEnd('.')}) / 字段 '{path}' 的值无效"
            : $"request body is not valid JSON{(path.Length > 0 ? $" (near '{path}')" : "")}: {reason.TrimEnd('.')} / 请求体不是有效的 JSON";
    }

    [System.Text.RegularExpressions.GeneratedRegex("missing required properties including: '([^']+)'")]
    private static partial System.Text.RegularExpressions.Regex MissingRequired();
}
