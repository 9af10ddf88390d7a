using Microsoft.Extensions.AI;

namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>Builds the configured embedding generator, validating <see cref="EmbeddingSettings"/> first.</summary>
public static class EmbeddingGeneratorFactory
{
    /// <summary>
    /// Creates the generator for <paramref name="settings"/>, wrapped in a <see cref="PrefixingEmbeddingGenerator"/> so
    /// query/document prefixes and the model identity (see <see cref="EmbeddingGeneratorExtensions.Describe"/>) work the
    /// same for every provider. The caller owns and disposes the result.
    /// </summary>
    /// <param name="settings">The user's configuration.</param>
    /// <param name="keyPrefix">Prefix of the configuration keys in error messages, e.g. <c>embedding.</c>.</param>
    /// <param name="httpClient">Optional HTTP client for the <c>openai</c> provider.</param>
    /// <exception cref="ZhikuException">A setting is missing or invalid; the message names the key and the fix.</exception>
    public static IEmbeddingGenerator<string, Embedding<float>> Create(EmbeddingSettings settings,
        string keyPrefix = "embedding.", HttpClient? httpClient = null)
    {
        Validate(settings, keyPrefix);
        if (settings.IsDisabled)
        {
            throw new InvalidOperationException("Embedding provider \"none\" has no generator; check EmbeddingSettings.IsDisabled first.");
        }

        switch (settings.Provider.Trim().ToLowerInvariant())
        {
            case "builtin":
                {
                    var inner = BuiltinEmbeddingModel.Create(batchSize: settings.BatchSize);
                    return new PrefixingEmbeddingGenerator(inner, settings.QueryPrefix, settings.DocumentPrefix,
                        new EmbeddingModelInfo(settings.ModelId ?? inner.ModelId, inner.Dimensions));
                }

            case "onnx":
                {
                    var folder = OnnxModelFolder.Read(settings.Path!);
                    var inner = OnnxEmbeddingGenerator.FromFolder(settings.Path!, new OnnxEmbeddingOptions
                    {
                        ModelId = settings.ModelId,
                        Pooling = settings.Pooling is null ? null : OnnxModelFolder.ParsePooling(settings.Pooling, keyPrefix + "pooling"),
                        MaxTokens = settings.MaxTokens,
                        BatchSize = settings.BatchSize,
                    });
                    return new PrefixingEmbeddingGenerator(inner, settings.QueryPrefix ?? folder.QueryPrefix,
                        settings.DocumentPrefix ?? folder.DocumentPrefix, new EmbeddingModelInfo(inner.ModelId, inner.Dimensions));
                }

            default:
                {
                    var inner = new OpenAiCompatibleEmbeddingGenerator(new OpenAiEmbeddingOptions(new Uri(settings.BaseUrl!), settings.Model!)
                    {
                        ApiKey = settings.ApiKey,
                        Dimensions = settings.Dimensions,
                        BatchSize = settings.BatchSize ?? 10,
                    }, httpClient);
                    return new PrefixingEmbeddingGenerator(inner, settings.QueryPrefix, settings.DocumentPrefix,
                        new EmbeddingModelInfo(settings.ModelId ?? "openai:" + settings.Model, settings.Dimensions));
                }
        }
    }

    /// <summary>
    /// The model id the generator for <paramref name="settings"/> will report, without loading the model (an ONNX
    /// folder's small config files are read). Used to tell whether stored vectors fit the configured model.
    /// </summary>
    public static string ModelIdOf(EmbeddingSettings settings)
    {
        if (settings.ModelId is { } id)
        {
            return id;
        }

        return settings.Provider.Trim().ToLowerInvariant() switch
        {
            "builtin" => EmbeddingDefaults.BuiltinModelId,
            "onnx" => OnnxModelFolder.Read(settings.Path!) is var folder ? folder.ModelId ?? "onnx:" + Path.GetFileName(folder.Folder) : "",
            "openai" => "openai:" + settings.Model,
            _ => "none",
        };
    }

    /// <summary>Checks <paramref name="settings"/> without loading anything.</summary>
    /// <exception cref="ZhikuException">The first problem found, naming the key and the fix.</exception>
    public static void Validate(EmbeddingSettings settings, string keyPrefix = "embedding.")
    {
        string provider = (settings.Provider ?? "").Trim().ToLowerInvariant();
        if (provider is not ("builtin" or "onnx" or "openai" or "none"))
        {
            throw Invalid(keyPrefix + "provider", settings.Provider,
                "use builtin, onnx, openai or none", "可选 builtin、onnx、openai 或 none");
        }

        if (settings.Languages is { } languages && (languages.Count == 0 || languages.Any(l => !EmbeddingSettings.KnownLanguages.Contains(l))))
        {
            throw Invalid(keyPrefix + "languages", string.Join(",", languages),
                "list what the model understands: \"zh\" (Chinese), \"en\" (Latin script), \"*\" (any)",
                "请列出模型支持的语言：\"zh\"（中文）、\"en\"（拉丁字母）、\"*\"（任意）");
        }

        if (provider == "onnx" && string.IsNullOrWhiteSpace(settings.Path))
        {
            throw Invalid(keyPrefix + "path", settings.Path,
                "set it to a folder with model.onnx and vocab.txt or tokenizer.json",
                "请设置为包含 model.onnx 与 vocab.txt 或 tokenizer.json 的文件夹");
        }

        if (provider == "openai")
        {
            if (string.IsNullOrWhiteSpace(settings.BaseUrl)
                || !Uri.TryCreate(settings.BaseUrl, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw Invalid(keyPrefix + "base_url", settings.BaseUrl,
                    "set it to the API root, e.g. http://localhost:11434/v1 or https://api.openai.com/v1",
                    "请设置为 API 根地址，例如 http://localhost:11434/v1 或 https://api.openai.com/v1");
            }

            if (string.IsNullOrWhiteSpace(settings.Model))
            {
                throw Invalid(keyPrefix + "model", settings.Model,
                    "set it to the embedding model name the server serves, e.g. bge-m3 or text-embedding-3-small",
                    "请设置为服务端提供的向量模型名称，例如 bge-m3 或 text-embedding-3-small");
            }
        }

        if (settings.Pooling is not null && settings.Pooling.Trim().ToLowerInvariant() is not ("mean" or "cls"))
        {
            throw Invalid(keyPrefix + "pooling", settings.Pooling, "use mean or cls", "可选 mean 或 cls");
        }

        if (settings.MaxTokens is <= 2 or > 32768)
        {
            throw Invalid(keyPrefix + "max_tokens", settings.MaxTokens?.ToString(), "use a number between 3 and 32768", "请填写 3 到 32768 之间的数");
        }

        if (settings.BatchSize is <= 0 or > 4096)
        {
            throw Invalid(keyPrefix + "batch_size", settings.BatchSize?.ToString(), "use a number between 1 and 4096", "请填写 1 到 4096 之间的数");
        }

        if (settings.Dimensions is <= 0 or > 65536)
        {
            throw Invalid(keyPrefix + "dimensions", settings.Dimensions?.ToString(), "use a positive number or leave it out", "请填写正整数或删除该项");
        }
    }

    private static ZhikuException Invalid(string key, string? value, string fix, string fixZh) =>
        ZhikuException.InvalidInput($"Configuration {key} = \"{value ?? ""}\" is invalid: {fix}. 配置项 {key} 无效：{fixZh}。", key);
}
