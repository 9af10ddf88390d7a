using System.ClientModel;
using System.Text.Json;
using Polly.Timeout;
using Zhiku.Core.Answering.Clients;

namespace Zhiku.Core.Answering;

/// <summary>Maps whatever a chat client threw to a failure kind and the one-line notice the user sees.</summary>
internal static class LlmFailures
{
    public static LlmFailureKind Classify(Exception exception)
    {
        for (Exception? ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case TimeoutRejectedException or TimeoutException or OperationCanceledException:
                    return LlmFailureKind.Timeout;
                case LlmProviderException:
                    return LlmFailureKind.ModelUnavailable;
                case ClientResultException result:
                    return Status(result.Status);
                case HttpRequestException { StatusCode: { } code }:
                    return Status((int)code);
                case HttpRequestException:
                    return LlmFailureKind.Unreachable;
                case JsonException or FormatException or KeyNotFoundException:
                    return LlmFailureKind.MalformedResponse;
            }
        }

        return LlmFailureKind.Unexpected;
    }

    public static string Notice(LlmFailureKind kind, Exception? exception)
    {
        (string en, string zh) = kind switch
        {
            LlmFailureKind.Timeout => ("timed out", "超时"),
            LlmFailureKind.RateLimited => ("rate limited (HTTP 429) after retries", "重试后仍被限流（HTTP 429）"),
            LlmFailureKind.Unauthorized => ("the API key was refused (HTTP 401/403); check the key variable", "密钥被拒绝（HTTP 401/403），请检查密钥环境变量"),
            LlmFailureKind.ServerError => ("the server failed (HTTP 5xx) after retries", "重试后服务端仍然出错（HTTP 5xx）"),
            LlmFailureKind.RequestRejected => ("the request was rejected; check model and send_* settings", "请求被拒绝，请检查模型名称和 send_* 设置"),
            LlmFailureKind.Unreachable => ("the endpoint cannot be reached", "无法连接到接口"),
            LlmFailureKind.MalformedResponse => ("the response was malformed", "返回内容格式错误"),
            LlmFailureKind.EmptyResponse => ("the response was empty", "返回内容为空"),
            LlmFailureKind.ModelUnavailable => (exception?.Message ?? "the model is unavailable", "模型不可用"),
            _ => ("unexpected error", "意外错误"),
        };

        if (kind == LlmFailureKind.ModelUnavailable && exception is not null)
        {
            // Its message is already bilingual and names the file or setting.
            return $"The model failed; showing the extractive answer: {OneLine(exception.Message)}";
        }

        return $"The model failed ({en}); showing the extractive answer. / 大模型调用失败（{zh}），以下为抽取式答案。";
    }

    private static LlmFailureKind Status(int status) => status switch
    {
        429 => LlmFailureKind.RateLimited,
        401 or 403 => LlmFailureKind.Unauthorized,
        408 or 504 => LlmFailureKind.Timeout,
        >= 500 => LlmFailureKind.ServerError,
        0 => LlmFailureKind.Unreachable,
        _ => LlmFailureKind.RequestRejected,
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
