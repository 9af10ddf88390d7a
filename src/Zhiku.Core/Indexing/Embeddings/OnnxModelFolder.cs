using System.Text.Json;

namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>
/// What a model folder says about itself: where model.onnx and the tokenizer are, and the pooling, length,
/// casing and prefixes its authors configured. Used by both the embedding generator and the cross-encoder.
/// </summary>
internal sealed record OnnxModelFolder(
    string Folder,
    string ModelPath,
    string? VocabPath,
    string? TokenizerJsonPath,
    PoolingMode? Pooling,
    int? MaxTokens,
    bool? LowerCase,
    string? ModelId,
    string? QueryPrefix,
    string? DocumentPrefix)
{
    public static OnnxModelFolder Read(string folder)
    {
        folder = Path.GetFullPath(folder);
        if (!Directory.Exists(folder))
        {
            throw ZhikuException.NotFound(
                $"Model folder not found: {folder}. Put model.onnx and vocab.txt (or tokenizer.json) there, " +
                $"or fix the path in the configuration. 找不到模型文件夹：{folder}。请放入 model.onnx 与 vocab.txt（或 tokenizer.json），或修正配置中的路径。");
        }

        string? model = FirstExisting(folder, "model.onnx", Path.Combine("onnx", "model.onnx"));
        if (model is null)
        {
            throw ZhikuException.InvalidInput(
                $"{folder}: no model.onnx (looked in the folder and in onnx/). Export the model to ONNX " +
                $"(e.g. optimum-cli export onnx) and place model.onnx there. 文件夹中没有 model.onnx：请先导出 ONNX 模型并放到该文件夹。");
        }

        string? vocab = FirstExisting(folder, "vocab.txt");
        string? tokenizerJson = FirstExisting(folder, "tokenizer.json");
        if (vocab is null && tokenizerJson is null)
        {
            throw ZhikuException.InvalidInput(
                $"{folder}: no vocab.txt or tokenizer.json next to model.onnx. Copy the tokenizer files from the " +
                $"model's repository. 模型文件夹缺少 vocab.txt 或 tokenizer.json：请从模型仓库复制分词器文件。");
        }

        PoolingMode? pooling = ReadSentenceTransformersPooling(folder);
        int? maxTokens = null;
        bool? lowerCase = null;
        using (var st = TryParse(Path.Combine(folder, "sentence_bert_config.json")))
        {
            if (st is not null)
            {
                maxTokens = GetInt(st.RootElement, "max_seq_length");
                lowerCase = GetBool(st.RootElement, "do_lower_case") == true ? true : null;
            }
        }

        using (var tc = TryParse(Path.Combine(folder, "tokenizer_config.json")))
        {
            if (tc is not null)
            {
                lowerCase ??= GetBool(tc.RootElement, "do_lower_case");
                int? modelMax = GetInt(tc.RootElement, "model_max_length");
                if (maxTokens is null && modelMax is > 0 and <= 8192)
                {
                    maxTokens = modelMax;
                }
            }
        }

        string? modelId = null, queryPrefix = null, documentPrefix = null;
        var settingsPath = Path.Combine(folder, EmbeddingDefaults.ModelSettingsFile);
        using (var zs = TryParse(settingsPath))
        {
            if (zs is not null)
            {
                var root = zs.RootElement;
                string? poolingText = GetString(root, "pooling");
                if (poolingText is not null)
                {
                    pooling = ParsePooling(poolingText, $"{settingsPath}: pooling");
                }

                maxTokens = GetInt(root, "max_tokens") ?? maxTokens;
                lowerCase = GetBool(root, "lower_case") ?? lowerCase;
                modelId = GetString(root, "model_id");
                queryPrefix = GetString(root, "query_prefix");
                documentPrefix = GetString(root, "document_prefix");
            }
        }

        return new OnnxModelFolder(folder, model, vocab, tokenizerJson, pooling, maxTokens, lowerCase, modelId, queryPrefix, documentPrefix);
    }

    /// <summary>The folder's tokenizer; vocab.txt wins over tokenizer.json because BertTokenizer reads it natively.</summary>
    public ModelTokenizer CreateTokenizer(bool? lowerCaseOverride)
    {
        bool? lowerCase = lowerCaseOverride ?? LowerCase;
        if (VocabPath is not null)
        {
            using var stream = File.OpenRead(VocabPath);
            bool lc = lowerCase ?? true;
            return WordPieceModelTokenizer.Create(stream, lc, lc);
        }

        return TokenizerJsonReader.Read(TokenizerJsonPath!, lowerCase);
    }

    public static PoolingMode ParsePooling(string text, string key) => text.Trim().ToLowerInvariant() switch
    {
        "mean" => PoolingMode.Mean,
        "cls" => PoolingMode.Cls,
        _ => throw ZhikuException.InvalidInput(
            $"{key} = \"{text}\" is not a pooling mode; use \"mean\" or \"cls\". {key} 取值无效：请使用 \"mean\" 或 \"cls\"。"),
    };

    private static PoolingMode? ReadSentenceTransformersPooling(string folder)
    {
        using var doc = TryParse(Path.Combine(folder, "1_Pooling", "config.json"));
        if (doc is null)
        {
            return null;
        }

        if (GetBool(doc.RootElement, "pooling_mode_cls_token") == true)
        {
            return PoolingMode.Cls;
        }

        return GetBool(doc.RootElement, "pooling_mode_mean_tokens") == true ? PoolingMode.Mean : null;
    }

    private static string? FirstExisting(string folder, params string[] names) =>
        names.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists);

    private static JsonDocument? TryParse(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw ZhikuException.InvalidInput($"{path}: not valid JSON ({ex.Message}). 不是有效的 JSON：请修正该文件。", innerException: ex);
        }
    }

    private static string? GetString(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? GetInt(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long l)
            ? (int)Math.Min(l, int.MaxValue) : null;

    private static bool? GetBool(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? v.GetBoolean() : null;
}
