namespace Zhiku.Core.Configuration;

/// <summary>Reads one entry of <c>llm.providers[]</c> and resolves its secret from the environment.</summary>
internal static class ProviderSettingsReader
{
    private static readonly string[] KnownKeys =
    [
        "name", "kind", "base_url", "model", "model_path", "api_key_env", "local", "send_max_completion_tokens",
        "send_stream_options", "timeout_seconds", "total_timeout_seconds", "max_retries", "retry_base_delay_seconds",
        "max_output_tokens", "temperature", "embedding_model", "context_size", "threads",
    ];

    public static LlmProviderSettings Read(ConfigValueReader reader, string file, string baseDirectory, Func<string, string?> environment)
    {
        if (reader.Has("api_key"))
        {
            throw reader.Error(reader.Key("api_key"),
                "secrets do not belong in zhiku.json; put the key in an environment variable and give its name in \"api_key_env\"",
                "密钥不应写在 zhiku.json 中；请把密钥放进环境变量，并在 \"api_key_env\" 中写该变量名");
        }

        reader.RejectUnknownKeys(KnownKeys);
        string name = reader.String("name") ?? throw reader.Error(reader.Key("name"), "is required: give the provider a unique name", "必填：请为该模型提供一个唯一名称");
        if (name == LlmDefaults.EnvironmentProviderName)
        {
            throw reader.Error(reader.Key("name"), $"\"{name}\" is reserved for the ZHIKU_LLM_* variables; choose another name",
                $"\"{name}\" 保留给 ZHIKU_LLM_* 环境变量，请换一个名称");
        }

        LlmProviderKind kind = (reader.String("kind") ?? "openai").ToLowerInvariant() switch
        {
            "openai" => LlmProviderKind.OpenAI,
            "llamasharp" => LlmProviderKind.LlamaSharp,
            string other => throw reader.Error(reader.Key("kind"), $"\"{other}\" is not a provider kind; use \"openai\" or \"llamasharp\"",
                $"\"{other}\" 不是有效的类型，请使用 \"openai\" 或 \"llamasharp\""),
        };

        return kind == LlmProviderKind.OpenAI
            ? ReadOpenAI(reader, file, name, environment)
            : ReadLlama(reader, file, name, baseDirectory);
    }

    private static LlmProviderSettings ReadOpenAI(ConfigValueReader reader, string file, string name, Func<string, string?> environment)
    {
        string baseUrlText = reader.String("base_url") ?? throw reader.Error(reader.Key("base_url"),
            "is required for kind \"openai\": the endpoint's base URL, e.g. \"https://api.deepseek.com/v1\"",
            "kind 为 \"openai\" 时必填：接口的基础地址，例如 \"https://api.deepseek.com/v1\"");
        Uri baseUrl = ParseBaseUrl(baseUrlText) ?? throw reader.Error(reader.Key("base_url"),
            $"\"{baseUrlText}\" is not an http(s) URL; write it like \"http://127.0.0.1:11434/v1\"",
            $"\"{baseUrlText}\" 不是 http(s) 地址，请写成 \"http://127.0.0.1:11434/v1\" 的形式");
        string model = reader.String("model") ?? throw reader.Error(reader.Key("model"),
            "is required: the model name the endpoint expects, e.g. \"deepseek-chat\"", "必填：接口要求的模型名称，例如 \"deepseek-chat\"");
        string? keyVariable = reader.String("api_key_env");
        bool officialOpenAI = IsOfficialOpenAI(baseUrl);
        var settings = new LlmProviderSettings(name, LlmProviderKind.OpenAI, model)
        {
            BaseUrl = baseUrl,
            ApiKeyEnvironmentVariable = keyVariable,
            ApiKey = keyVariable is null ? null : NullIfEmpty(environment(keyVariable)),
            IsLocal = reader.Bool("local") ?? false,
            SendMaxCompletionTokens = reader.Bool("send_max_completion_tokens") ?? officialOpenAI,
            SendStreamOptions = reader.Bool("send_stream_options") ?? officialOpenAI,
            EmbeddingModel = reader.String("embedding_model"),
            Origin = file,
        };
        return ApplyCommon(reader, settings);
    }

    private static LlmProviderSettings ReadLlama(ConfigValueReader reader, string file, string name, string baseDirectory)
    {
        foreach (string httpOnly in new[] { "base_url", "api_key_env", "send_max_completion_tokens", "send_stream_options", "embedding_model" })
        {
            if (reader.Has(httpOnly))
            {
                throw reader.Error(reader.Key(httpOnly), "applies to kind \"openai\" only; remove it from this llamasharp provider",
                    "仅适用于 kind 为 \"openai\" 的模型，请从此 llamasharp 配置中删除");
            }
        }

        string path = reader.String("model_path") ?? reader.String("model") ?? throw reader.Error(reader.Key("model_path"),
            "is required for kind \"llamasharp\": the path of a .gguf model file (relative paths start at zhiku.json's folder)",
            "kind 为 \"llamasharp\" 时必填：.gguf 模型文件的路径（相对路径以 zhiku.json 所在目录为起点）");
        var settings = new LlmProviderSettings(name, LlmProviderKind.LlamaSharp, Path.GetFullPath(path, baseDirectory))
        {
            // In-process inference never leaves the machine, whatever the file says.
            IsLocal = true,
            ContextSize = reader.Integer("context_size", 256, 1_048_576) ?? LlmDefaults.LlamaContextSize,
            Threads = reader.Integer("threads", 1, 1024),
            Origin = file,
        };
        if (reader.Bool("local") == false)
        {
            throw reader.Error(reader.Key("local"), "a llamasharp model always runs locally; remove \"local\": false",
                "llamasharp 模型总是在本机运行，请删除 \"local\": false");
        }

        return ApplyCommon(reader, settings);
    }

    private static LlmProviderSettings ApplyCommon(ConfigValueReader reader, LlmProviderSettings settings)
    {
        double? timeout = reader.Number("timeout_seconds", 0.05, 3600);
        double? total = reader.Number("total_timeout_seconds", 0.05, 24 * 3600);
        double? delay = reader.Number("retry_base_delay_seconds", 0, 600);
        settings = settings with
        {
            Timeout = timeout is null ? settings.Timeout : TimeSpan.FromSeconds(timeout.Value),
            TotalTimeout = total is null ? settings.TotalTimeout : TimeSpan.FromSeconds(total.Value),
            MaxRetries = reader.Integer("max_retries", 0, 10) ?? settings.MaxRetries,
            RetryBaseDelay = delay is null ? settings.RetryBaseDelay : TimeSpan.FromSeconds(delay.Value),
            MaxOutputTokens = reader.Integer("max_output_tokens", 1, 1_000_000) ?? settings.MaxOutputTokens,
            Temperature = (float?)reader.Number("temperature", 0, 2) ?? settings.Temperature,
        };
        if (settings.TotalTimeout < settings.Timeout)
        {
            throw reader.Error(reader.Key("total_timeout_seconds"), "must not be shorter than timeout_seconds",
                "不能小于 timeout_seconds");
        }

        return settings;
    }

    internal static Uri? ParseBaseUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;

    /// <summary>
    /// Only OpenAI's own endpoints get the OpenAI client's newer request fields by default; every other
    /// "compatible" server gets the widely accepted <c>max_tokens</c> and no <c>stream_options</c>.
    /// </summary>
    internal static bool IsOfficialOpenAI(Uri baseUrl) =>
        baseUrl.Host.Equals("api.openai.com", StringComparison.OrdinalIgnoreCase)
        || baseUrl.Host.EndsWith(".openai.azure.com", StringComparison.OrdinalIgnoreCase);

    internal static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
