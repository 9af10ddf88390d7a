using Zhiku.Core.Indexing.Embeddings;

namespace Zhiku.Core.Configuration;

/// <summary>Reads the <c>embedding</c> and <c>retrieval</c> sections of <c>zhiku.json</c> (store-wide or per knowledge base).</summary>
internal static class RetrievalConfigurationReader
{
    private static readonly string[] EmbeddingKeys =
    [
        "provider", "path", "model", "base_url", "api_key_env", "query_prefix", "document_prefix", "pooling", "max_tokens",
        "batch_size", "dimensions", "model_id", "languages",
    ];

    private static readonly string[] RetrievalKeys =
    [
        "fusion", "keyword_weight", "dense_weight", "rrf_k", "candidates", "reranker", "rerank_top_n", "rerank_budget_ms", "user_dictionary",
    ];

    public static EmbeddingSettings ReadEmbedding(ConfigValueReader reader, string baseDirectory, Func<string, string?> environment)
    {
        if (reader.Has("api_key"))
        {
            throw reader.Error(reader.Key("api_key"),
                "secrets do not belong in zhiku.json; put the key in an environment variable and give its name in \"api_key_env\"",
                "密钥不应写在 zhiku.json 中；请把密钥放进环境变量，并在 \"api_key_env\" 中写该变量名");
        }

        reader.RejectUnknownKeys(EmbeddingKeys);
        string? keyVariable = reader.String("api_key_env");
        string? path = reader.String("path");
        var settings = new EmbeddingSettings
        {
            Provider = reader.String("provider") ?? "builtin",
            Path = path is null ? null : Path.GetFullPath(path, baseDirectory),
            Model = reader.String("model"),
            BaseUrl = reader.String("base_url"),
            ApiKey = keyVariable is null ? null : ProviderSettingsReader.NullIfEmpty(environment(keyVariable)),
            QueryPrefix = RawString(reader, "query_prefix"),
            DocumentPrefix = RawString(reader, "document_prefix"),
            Pooling = reader.String("pooling"),
            MaxTokens = reader.Integer("max_tokens", 3, 32768),
            BatchSize = reader.Integer("batch_size", 1, 4096),
            Dimensions = reader.Integer("dimensions", 1, 65536),
            ModelId = reader.String("model_id"),
            Languages = reader.StringArray("languages"),
        };
        string prefix = reader.Key("");
        try
        {
            EmbeddingGeneratorFactory.Validate(settings, prefix);
        }
        catch (ZhikuException ex) when (ex.Kind == ErrorKind.InvalidInput)
        {
            throw ZhikuException.InvalidInput($"{reader.File}: {ex.Message}", ex.Subject, ex);
        }

        if (settings.Provider.Trim().Equals("onnx", StringComparison.OrdinalIgnoreCase) && !Directory.Exists(settings.Path))
        {
            throw reader.Error(reader.Key("path"), $"the folder {settings.Path} does not exist; fix the path (relative paths start at zhiku.json's folder)",
                $"文件夹 {settings.Path} 不存在；请修正路径（相对路径以 zhiku.json 所在目录为起点）");
        }

        return settings;
    }

    public static RetrievalOverrides ReadRetrieval(ConfigValueReader reader, string baseDirectory)
    {
        reader.RejectUnknownKeys(RetrievalKeys);
        string? reranker = reader.String("reranker");
        if (reranker is not null)
        {
            reranker = Path.GetFullPath(reranker, baseDirectory);
            if (!Directory.Exists(reranker))
            {
                throw reader.Error(reader.Key("reranker"), $"the folder {reranker} does not exist; give a cross-encoder folder with model.onnx (relative paths start at zhiku.json's folder)",
                    $"文件夹 {reranker} 不存在；请填写包含 model.onnx 的重排模型文件夹（相对路径以 zhiku.json 所在目录为起点）");
            }
        }

        string? fusion = reader.String("fusion");
        Indexing.Fusion.FusionMethod? method = Indexing.Fusion.FusionSettings.ParseMethod(fusion);
        if (fusion is not null && method is null)
        {
            throw reader.Error(reader.Key("fusion"), $"\"{fusion}\" is not a fusion method; use \"convex\" (weighted normalized scores, the default) or \"rrf\" (reciprocal rank fusion)",
                $"\"{fusion}\" 不是可用的融合方式；请填写 \"convex\"（归一化分数加权，默认）或 \"rrf\"（倒数排名融合）");
        }

        return new RetrievalOverrides
        {
            Fusion = method,
            KeywordWeight = reader.Number("keyword_weight", 0, 100),
            DenseWeight = reader.Number("dense_weight", 0, 100),
            RrfK = reader.Number("rrf_k", 0, 10_000),
            Candidates = reader.Integer("candidates", 1, 10_000),
            Reranker = reranker,
            RerankTopN = reader.Integer("rerank_top_n", 1, 1000),
            RerankBudgetMs = reader.Integer("rerank_budget_ms", 0, 60_000),
            UserDictionary = ReadDictionaryPath(reader, "user_dictionary", baseDirectory),
        };
    }

    /// <summary>An existing text file of domain terms, as an absolute path.</summary>
    public static string? ReadDictionaryPath(ConfigValueReader reader, string key, string baseDirectory)
    {
        string? path = reader.String(key);
        if (path is null)
        {
            return null;
        }

        path = Path.GetFullPath(path, baseDirectory);
        if (!File.Exists(path))
        {
            throw reader.Error(reader.Key(key), $"the file {path} does not exist; give a text file with one term a line (relative paths start at zhiku.json's folder)",
                $"文件 {path} 不存在；请填写每行一个词的文本文件（相对路径以 zhiku.json 所在目录为起点）");
        }

        return path;
    }

    /// <summary>Prefixes keep their spaces ("query: "), unlike other strings.</summary>
    private static string? RawString(ConfigValueReader reader, string name) => reader.RawString(name);
}
