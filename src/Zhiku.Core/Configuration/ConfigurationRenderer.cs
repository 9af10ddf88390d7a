using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Zhiku.Core.Configuration;

/// <summary>
/// Renders the effective configuration for <c>zhiku config show</c>. Secrets never appear: API keys are shown
/// as where they come from, and credentials or query strings in URLs are masked.
/// </summary>
public static class ConfigurationRenderer
{
    private const string Hidden = "***";

    /// <summary>Renders what <paramref name="knowledgeBase"/> uses, and every defined provider, as indented JSON.</summary>
    /// <remarks>Problems that would stop <c>ask</c> (e.g. a missing key variable) are shown in <c>problem</c>, not thrown.</remarks>
    public static string RenderJson(ZhikuConfiguration configuration, string knowledgeBase)
    {
        EffectiveLlmConfiguration? effective = null;
        string? problem = null;
        try
        {
            effective = configuration.ResolveFor(knowledgeBase);
        }
        catch (ZhikuException ex) when (ex.IsUserError)
        {
            problem = ex.Message;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("config_file", configuration.SourcePath);
            json.WriteString("knowledge_base", knowledgeBase);
            json.WriteString("mode", effective?.Provider is null ? "extractive" : "llm");
            if (problem is not null)
            {
                json.WriteString("problem", problem);
            }

            json.WritePropertyName("provider");
            WriteProvider(json, effective?.Provider);
            json.WritePropertyName("answering");
            WriteAnswering(json, effective?.Answering ?? configuration.Answering);
            json.WriteStartArray("providers");
            IEnumerable<LlmProviderSettings> all = configuration.EnvironmentProvider is null
                ? configuration.Providers
                : configuration.Providers.Append(configuration.EnvironmentProvider);
            foreach (LlmProviderSettings provider in all)
            {
                WriteProvider(json, provider);
            }

            json.WriteEndArray();
            json.WriteString("default_provider", configuration.DefaultProvider);
            WriteRetrieval(json, configuration, knowledgeBase);
            json.WriteStartArray("knowledge_base_overrides");
            foreach (string name in configuration.KnowledgeBases.Keys.Order(StringComparer.Ordinal))
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Masks user info and query values of a URL (some gateways carry keys there).</summary>
    public static string MaskUrl(Uri url)
    {
        var builder = new UriBuilder(url);
        if (builder.UserName.Length > 0 || builder.Password.Length > 0)
        {
            builder.UserName = Hidden;
            builder.Password = "";
        }

        if (builder.Query.Length > 1)
        {
            IEnumerable<string> pairs = builder.Query.TrimStart('?').Split('&')
                .Select(pair => pair.Split('=', 2)[0] + "=" + Hidden);
            builder.Query = string.Join("&", pairs);
        }

        return builder.Uri.ToString();
    }

    private static void WriteProvider(Utf8JsonWriter json, LlmProviderSettings? provider)
    {
        if (provider is null)
        {
            json.WriteNullValue();
            return;
        }

        json.WriteStartObject();
        json.WriteString("name", provider.Name);
        json.WriteString("kind", provider.Kind == LlmProviderKind.OpenAI ? "openai" : "llamasharp");
        json.WriteString("origin", provider.Origin);
        if (provider.Kind == LlmProviderKind.OpenAI)
        {
            json.WriteString("base_url", provider.BaseUrl is null ? null : MaskUrl(provider.BaseUrl));
            json.WriteString("model", provider.Model);
            json.WriteString("api_key", DescribeKey(provider));
            json.WriteBoolean("send_max_completion_tokens", provider.SendMaxCompletionTokens);
            json.WriteBoolean("send_stream_options", provider.SendStreamOptions);
            json.WriteString("embedding_model", provider.EmbeddingModel);
        }
        else
        {
            json.WriteString("model_path", provider.Model);
            json.WriteNumber("context_size", provider.ContextSize);
            if (provider.Threads is { } threads)
            {
                json.WriteNumber("threads", threads);
            }
        }

        json.WriteBoolean("local", provider.IsLocal);
        json.WriteNumber("timeout_seconds", provider.Timeout.TotalSeconds);
        json.WriteNumber("total_timeout_seconds", provider.TotalTimeout.TotalSeconds);
        json.WriteNumber("max_retries", provider.MaxRetries);
        json.WriteNumber("max_output_tokens", provider.MaxOutputTokens);
        json.WriteNumber("temperature", Math.Round(provider.Temperature, 3));
        json.WriteEndObject();
    }

    private static string DescribeKey(LlmProviderSettings provider)
    {
        string source = provider.ApiKeyEnvironmentVariable
            ?? (provider.Origin == "environment" ? LlmEnvironmentVariables.ApiKey : "");
        if (provider.ApiKey is null)
        {
            return source.Length == 0 ? "(none)" : $"(not set: {source})";
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Hidden} (set from {source})");
    }

    /// <summary>The embedding model and search settings the knowledge base uses (<c>embedding</c>, <c>retrieval</c>).</summary>
    private static void WriteRetrieval(Utf8JsonWriter json, ZhikuConfiguration configuration, string knowledgeBase)
    {
        Indexing.Hybrid.RetrievalConfiguration retrieval;
        try
        {
            retrieval = configuration.ResolveRetrievalFor(knowledgeBase);
        }
        catch (ZhikuException ex) when (ex.IsUserError)
        {
            json.WriteString("retrieval_problem", ex.Message);
            return;
        }

        Indexing.Embeddings.EmbeddingSettings embedding = retrieval.Embedding;
        json.WriteStartObject("embedding");
        json.WriteString("provider", embedding.Provider);
        if (!embedding.IsDisabled)
        {
            json.WriteString("model_id", Indexing.Embeddings.EmbeddingGeneratorFactory.ModelIdOf(embedding));
            json.WriteString("path", embedding.Path);
            json.WriteString("base_url", Uri.TryCreate(embedding.BaseUrl, UriKind.Absolute, out Uri? url) ? MaskUrl(url) : embedding.BaseUrl);
            json.WriteString("api_key", embedding.ApiKey is null ? "(none)" : Hidden);
            json.WriteStartArray("languages");
            foreach (string language in embedding.EffectiveLanguages)
            {
                json.WriteStringValue(language);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        Indexing.Hybrid.RetrievalSettings settings = retrieval.Settings;
        json.WriteStartObject("retrieval");
        json.WriteBoolean("dense", retrieval.DenseEnabled);
        json.WriteString("fusion", settings.Fusion.Method.ToString().ToLowerInvariant());
        json.WriteNumber("keyword_weight", settings.Fusion.KeywordWeight);
        json.WriteNumber("dense_weight", settings.Fusion.DenseWeight);
        json.WriteNumber("rrf_k", settings.Fusion.RrfK);
        json.WriteNumber("candidates", settings.Fusion.Candidates);
        json.WriteString("reranker", settings.RerankerPath);
        json.WriteNumber("rerank_top_n", settings.RerankTopN);
        json.WriteNumber("rerank_budget_ms", settings.RerankBudget.TotalMilliseconds);
        json.WriteString("user_dictionary", settings.UserDictionaryPath);
        json.WriteEndObject();
    }

    private static void WriteAnswering(Utf8JsonWriter json, AnsweringSettings answering)
    {
        json.WriteStartObject();
        json.WriteNumber("top_k", answering.TopK);
        json.WriteNumber("context_tokens", answering.ContextTokens);
        json.WriteString("not_found_text", answering.NotFoundText);
        json.WriteString("prompt_template", answering.PromptTemplatePath ?? "(built-in)");
        json.WriteNumber("support_threshold", answering.SupportThreshold);
        json.WriteEndObject();
    }
}
