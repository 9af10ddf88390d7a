using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Zhiku.Server;

/// <summary>
/// Every error the server returns: RFC 9457 problem details with a bilingual <c>detail</c> that names the field or
/// file and what to do, a stable <c>code</c>, and an OpenAI-style <c>error</c> object so OpenAI SDKs show the message.
/// Messages about knowledge bases and documents never distinguish "does not exist" from "not yours to see".
/// </summary>
public static class ApiProblems
{
    public static ProblemHttpResult Create(int status, string code, string detail)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = TitleOf(status),
            Detail = detail,
            Type = $"https://zhiku.dev/problems/{code}",
        };
        problem.Extensions["code"] = code;
        problem.Extensions["error"] = new Dictionary<string, object?> { ["message"] = detail, ["type"] = code, ["code"] = code };
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult BadRequest(string detail, string code = "bad_request") => Create(400, code, detail);

    public static ProblemHttpResult Unauthorized() =>
        Create(401, "unauthorized", "sign in, or send 'Authorization: Bearer KEY' with a valid API key (zhiku user key NAME) / 请登录，或在请求头中提供有效的 API key");

    public static ProblemHttpResult Forbidden(string action) =>
        Create(403, "forbidden", $"you may not do {action}; ask an admin or the knowledge base's owner / 没有权限执行该操作");

    public static ProblemHttpResult KnowledgeBaseNotFound(string name) =>
        Create(404, "kb_not_found", $"knowledge base '{name}' not found; list yours with GET /api/kbs / 知识库 '{name}' 不存在");

    public static ProblemHttpResult DocumentNotFound(long id) =>
        Create(404, "document_not_found", $"document {id} not found in this knowledge base / 文档 {id} 不存在");

    public static ProblemHttpResult NotFound(string what, string code = "not_found") => Create(404, code, $"{what} not found / 未找到");

    public static ProblemHttpResult Conflict(string detail) => Create(409, "conflict", detail);

    public static ProblemHttpResult TooLarge(string detail) => Create(413, "too_large", detail);

    /// <summary>Writes a problem outside an endpoint (authentication handlers, rate limiter).</summary>
    public static Task WriteAsync(HttpContext context, ProblemHttpResult problem) => problem.ExecuteAsync(context);

    private static string TitleOf(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => status >= 500 ? "Internal Server Error" : "Error",
    };
}
