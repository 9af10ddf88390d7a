using System.Globalization;
using System.Text.Json;

namespace Zhiku.Core.Configuration;

/// <summary>Reads and validates <c>zhiku.json</c> and the <c>ZHIKU_LLM_*</c> environment variables.</summary>
public static class ZhikuConfigurationLoader
{
    /// <summary>The file name of a store's configuration.</summary>
    public const string FileName = "zhiku.json";

    private static readonly JsonDocumentOptions JsonOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>
    /// Loads the configuration. A missing file is not an error (the environment alone may configure a model,
    /// or none is configured); an unreadable or invalid one is.
    /// </summary>
    /// <param name="path">The <c>zhiku.json</c> path, usually in the store folder; null reads the environment only.</param>
    /// <param name="environment">Reads an environment variable; defaults to the process environment (tests pass their own).</param>
    /// <exception cref="ZhikuException">Invalid JSON, unknown key, wrong type or value; the message names the key and the fix.</exception>
    public static ZhikuConfiguration Load(string? path, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        LlmProviderSettings? fromEnvironment = ReadEnvironment(environment);
        return LoadFile(path, environment) with { EnvironmentProvider = fromEnvironment };
    }

    /// <summary>
    /// Reads <c>zhiku.json</c> alone: <see cref="ZhikuConfiguration.EnvironmentProvider"/> stays null (see
    /// <see cref="ReadEnvironment"/>). A missing file gives the defaults.
    /// </summary>
    /// <param name="path">The <c>zhiku.json</c> path; null or a missing file gives the defaults.</param>
    /// <param name="environment">Reads the variables the file names (<c>api_key_env</c>).</param>
    /// <exception cref="ZhikuException">Invalid JSON, unknown key, wrong type or value; the message names the key and the fix.</exception>
    public static ZhikuConfiguration LoadFile(string? path, Func<string, string?> environment)
    {
        if (path is null || !File.Exists(path))
        {
            return new ZhikuConfiguration();
        }

        string fullPath = Path.GetFullPath(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(fullPath), JsonOptions);
        }
        catch (JsonException ex)
        {
            throw ZhikuException.InvalidInput(
                $"{fullPath}: not valid JSON (line {ex.LineNumber + 1}): fix the syntax there. / {fullPath} 不是有效的 JSON（第 {ex.LineNumber + 1} 行）：请修正该处语法。", innerException: ex);
        }
        catch (IOException ex)
        {
            throw ZhikuException.InvalidInput($"{fullPath}: cannot be read ({ex.Message}). / 无法读取 {fullPath}（{ex.Message}）。", innerException: ex);
        }

        using (document)
        {
            return Read(new ConfigValueReader(fullPath, "", document.RootElement), fullPath, environment);
        }
    }

    private static ZhikuConfiguration Read(ConfigValueReader root, string file, Func<string, string?> environment)
    {
        root.RejectUnknownKeys("llm", "answering", "embedding", "retrieval", "knowledge_bases", "privacy");
        string baseDirectory = Path.GetDirectoryName(file)!;
        var providers = new List<LlmProviderSettings>();
        string? defaultProvider = null;
        if (root.Object("llm") is { } llm)
        {
            llm.RejectUnknownKeys("default_provider", "providers");
            foreach (ConfigValueReader entry in llm.ObjectArray("providers"))
            {
                LlmProviderSettings provider = ProviderSettingsReader.Read(entry, file, baseDirectory, environment);
                if (providers.Any(p => p.Name == provider.Name))
                {
                    throw entry.Error(entry.Key("name"), $"\"{provider.Name}\" is used twice; provider names must be unique", $"\"{provider.Name}\" 重复，模型名称必须唯一");
                }

                providers.Add(provider);
            }

            defaultProvider = llm.String("default_provider");
            if (defaultProvider is not null && defaultProvider != LlmDefaults.EnvironmentProviderName && providers.All(p => p.Name != defaultProvider))
            {
                throw llm.Error(llm.Key("default_provider"), $"no provider is named \"{defaultProvider}\"; use a name from llm.providers",
                    $"没有名为 \"{defaultProvider}\" 的模型，请使用 llm.providers 中的名称");
            }
        }

        AnsweringSettings answering = new();
        if (root.Object("answering") is { } answeringReader)
        {
            KnowledgeBaseOverrides values = ReadAnswering(answeringReader, baseDirectory, allowProvider: false);
            answering = new AnsweringSettings
            {
                TopK = values.TopK ?? answering.TopK,
                ContextTokens = values.ContextTokens ?? answering.ContextTokens,
                NotFoundText = values.NotFoundText,
                PromptTemplatePath = values.PromptTemplatePath,
                SupportThreshold = values.SupportThreshold ?? answering.SupportThreshold,
            };
        }

        var knowledgeBases = new Dictionary<string, KnowledgeBaseOverrides>(StringComparer.Ordinal);
        if (root.Object("knowledge_bases") is { } kbs)
        {
            foreach ((string name, ConfigValueReader kb) in kbs.Properties())
            {
                KnowledgeBaseOverrides overrides = ReadAnswering(kb, baseDirectory, allowProvider: true) with
                {
                    Embedding = kb.Object("embedding") is { } e ? RetrievalConfigurationReader.ReadEmbedding(e, baseDirectory, environment) : null,
                    Retrieval = kb.Object("retrieval") is { } r ? RetrievalConfigurationReader.ReadRetrieval(r, baseDirectory) : null,
                    UserDictionary = RetrievalConfigurationReader.ReadDictionaryPath(kb, "user_dictionary", baseDirectory),
                };
                if (overrides.Provider is { } p && p != LlmDefaults.EnvironmentProviderName && providers.All(x => x.Name != p))
                {
                    throw kb.Error(kb.Key("provider"), $"no provider is named \"{p}\"; use a name from llm.providers or \"env\"",
                        $"没有名为 \"{p}\" 的模型，请使用 llm.providers 中的名称或 \"env\"");
                }

                knowledgeBases[name] = overrides;
            }
        }

        Privacy.PrivacySettings privacy = root.Object("privacy") is { } privacyReader
            ? PrivacySettingsReader.Read(privacyReader, baseDirectory)
            : new Privacy.PrivacySettings();
        return new ZhikuConfiguration
        {
            SourcePath = file,
            Privacy = privacy,
            Embedding = root.Object("embedding") is { } embedding ? RetrievalConfigurationReader.ReadEmbedding(embedding, baseDirectory, environment) : null,
            Retrieval = root.Object("retrieval") is { } retrieval ? RetrievalConfigurationReader.ReadRetrieval(retrieval, baseDirectory) : null,
            Providers = providers,
            DefaultProvider = defaultProvider,
            Answering = answering,
            KnowledgeBases = knowledgeBases,
        };
    }

    private static KnowledgeBaseOverrides ReadAnswering(ConfigValueReader reader, string baseDirectory, bool allowProvider)
    {
        string[] keys = ["top_k", "context_tokens", "not_found_text", "prompt_template", "support_threshold"];
        reader.RejectUnknownKeys(allowProvider ? [.. keys, "provider", "embedding", "retrieval", "user_dictionary"] : keys);
        string? template = reader.String("prompt_template");
        if (template is not null)
        {
            template = Path.GetFullPath(template, baseDirectory);
            if (!File.Exists(template))
            {
                throw reader.Error(reader.Key("prompt_template"), $"the file {template} does not exist; fix the path (relative paths start at zhiku.json's folder)",
                    $"文件 {template} 不存在；请修正路径（相对路径以 zhiku.json 所在目录为起点）");
            }
        }

        return new KnowledgeBaseOverrides
        {
            Provider = allowProvider ? reader.String("provider") : null,
            TopK = reader.Integer("top_k", 1, 100),
            ContextTokens = reader.Integer("context_tokens", 256, 1_000_000),
            NotFoundText = reader.String("not_found_text"),
            PromptTemplatePath = template,
            SupportThreshold = reader.Number("support_threshold", 0, 1),
        };
    }

    /// <summary>The provider the <c>ZHIKU_LLM_*</c> variables define, or null when none of them is set.</summary>
    /// <exception cref="ZhikuException">The variables are set partly or hold invalid values; the message names the variable and the fix.</exception>
    public static LlmProviderSettings? ReadEnvironment(Func<string, string?> environment)
    {
        string? baseUrlText = ProviderSettingsReader.NullIfEmpty(environment(LlmEnvironmentVariables.BaseUrl));
        string? model = ProviderSettingsReader.NullIfEmpty(environment(LlmEnvironmentVariables.Model));
        string? apiKey = ProviderSettingsReader.NullIfEmpty(environment(LlmEnvironmentVariables.ApiKey));
        if (baseUrlText is null && model is null && apiKey is null)
        {
            return null;
        }

        if (baseUrlText is null || model is null)
        {
            string missing = baseUrlText is null ? LlmEnvironmentVariables.BaseUrl : LlmEnvironmentVariables.Model;
            throw ZhikuException.InvalidInput(
                $"{missing} is not set, but other ZHIKU_LLM_* variables are: set {LlmEnvironmentVariables.BaseUrl} and {LlmEnvironmentVariables.Model} together (and {LlmEnvironmentVariables.ApiKey} if the endpoint needs a key), or unset them all. / "
                + $"已设置部分 ZHIKU_LLM_* 变量但缺少 {missing}：请同时设置 {LlmEnvironmentVariables.BaseUrl} 和 {LlmEnvironmentVariables.Model}（接口需要密钥时再设置 {LlmEnvironmentVariables.ApiKey}），或全部取消。");
        }

        Uri baseUrl = ProviderSettingsReader.ParseBaseUrl(baseUrlText) ?? throw ZhikuException.InvalidInput(
            $"{LlmEnvironmentVariables.BaseUrl}=\"{baseUrlText}\" is not an http(s) URL; write it like http://127.0.0.1:11434/v1 / "
            + $"{LlmEnvironmentVariables.BaseUrl}=\"{baseUrlText}\" 不是 http(s) 地址，请写成 http://127.0.0.1:11434/v1 的形式");
        bool official = ProviderSettingsReader.IsOfficialOpenAI(baseUrl);
        var settings = new LlmProviderSettings(LlmDefaults.EnvironmentProviderName, LlmProviderKind.OpenAI, model)
        {
            BaseUrl = baseUrl,
            ApiKey = apiKey,
            IsLocal = EnvironmentBool(environment, LlmEnvironmentVariables.Local) ?? false,
            SendMaxCompletionTokens = EnvironmentBool(environment, LlmEnvironmentVariables.SendMaxCompletionTokens) ?? official,
            SendStreamOptions = EnvironmentBool(environment, LlmEnvironmentVariables.SendStreamOptions) ?? official,
            Origin = "environment",
        };
        string? timeoutText = ProviderSettingsReader.NullIfEmpty(environment(LlmEnvironmentVariables.TimeoutSeconds));
        if (timeoutText is not null)
        {
            if (!double.TryParse(timeoutText, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || seconds <= 0 || seconds > 3600)
            {
                throw ZhikuException.InvalidInput(
                    $"{LlmEnvironmentVariables.TimeoutSeconds}=\"{timeoutText}\" must be a number of seconds from 0 to 3600. / {LlmEnvironmentVariables.TimeoutSeconds}=\"{timeoutText}\" 必须是 0 到 3600 之间的秒数。");
            }

            settings = settings with
            {
                Timeout = TimeSpan.FromSeconds(seconds),
                TotalTimeout = TimeSpan.FromSeconds(Math.Max(seconds, LlmDefaults.TotalTimeout.TotalSeconds)),
            };
        }

        return settings;
    }

    private static bool? EnvironmentBool(Func<string, string?> environment, string name)
    {
        string? text = ProviderSettingsReader.NullIfEmpty(environment(name));
        return text?.ToLowerInvariant() switch
        {
            null => null,
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => throw ZhikuException.InvalidInput($"{name}=\"{text}\" must be true or false. / {name}=\"{text}\" 必须是 true 或 false。"),
        };
    }
}
