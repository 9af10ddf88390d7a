namespace Zhiku.Core.Configuration;

/// <summary>
/// Environment variables that configure an OpenAI-compatible provider without any file. The first three are a
/// contract (containers and scripts rely on them); a provider set by them is a cloud model unless
/// <see cref="Local"/> is <c>true</c>.
/// </summary>
public static class LlmEnvironmentVariables
{
    public const string BaseUrl = "ZHIKU_LLM_BASE_URL";
    public const string Model = "ZHIKU_LLM_MODEL";
    public const string ApiKey = "ZHIKU_LLM_API_KEY";
    public const string Local = "ZHIKU_LLM_LOCAL";
    public const string SendMaxCompletionTokens = "ZHIKU_LLM_SEND_MAX_COMPLETION_TOKENS";
    public const string SendStreamOptions = "ZHIKU_LLM_SEND_STREAM_OPTIONS";
    public const string TimeoutSeconds = "ZHIKU_LLM_TIMEOUT_SECONDS";
}
