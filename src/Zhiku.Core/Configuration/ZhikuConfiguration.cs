namespace Zhiku.Core.Configuration;

/// <summary>
/// The answering configuration of one store: providers and answer settings from <c>zhiku.json</c>, the
/// <c>ZHIKU_LLM_*</c> environment provider, and per-knowledge-base overrides. Build it with
/// <see cref="ZhikuConfigurationLoader.Load"/>; ask it what one knowledge base uses with <see cref="ResolveFor"/>.
/// </summary>
public sealed record ZhikuConfiguration
{
    /// <summary>The <c>zhiku.json</c> that was read, or null when there was none.</summary>
    public string? SourcePath { get; init; }

    /// <summary>Providers defined in the file, in file order.</summary>
    public IReadOnlyList<LlmProviderSettings> Providers { get; init; } = [];

    /// <summary><c>llm.default_provider</c>, if given.</summary>
    public string? DefaultProvider { get; init; }

    /// <summary>The provider the <c>ZHIKU_LLM_*</c> variables define, named "env"; null when they are not set.</summary>
    public LlmProviderSettings? EnvironmentProvider { get; init; }

    /// <summary>Store-wide answer settings.</summary>
    public AnsweringSettings Answering { get; init; } = new();

    /// <summary>Desensitization operators, name lists and policy rules.</summary>
    public Privacy.PrivacySettings Privacy { get; init; } = new();
    /// <summary>The store-wide <c>embedding</c> section; null means the built-in model.</summary>
    public Indexing.Embeddings.EmbeddingSettings? Embedding { get; init; }

    /// <summary>The store-wide <c>retrieval</c> section; null means the defaults.</summary>
    public RetrievalOverrides? Retrieval { get; init; }

    /// <summary>Overrides by knowledge base name.</summary>
    public IReadOnlyDictionary<string, KnowledgeBaseOverrides> KnowledgeBases { get; init; } =
        new Dictionary<string, KnowledgeBaseOverrides>(StringComparer.Ordinal);

    /// <summary>
    /// The provider and settings one knowledge base uses. Provider precedence: the provider stored on the knowledge
    /// base through the API, then its <c>provider</c> in zhiku.json, then the <c>ZHIKU_LLM_*</c> variables, then
    /// <c>llm.default_provider</c>, then the only provider in the file; none of these means no LLM (extractive
    /// answers). The prompt template: the stored one, then zhiku.json's for the knowledge base, then the store-wide one.
    /// </summary>
    /// <param name="knowledgeBase">The knowledge base name.</param>
    /// <param name="stored">Its settings stored through the API, or null for none.</param>
    /// <exception cref="ZhikuException">The chosen provider is unknown or its API key variable is not set.</exception>
    public EffectiveLlmConfiguration ResolveFor(string knowledgeBase, StoredKnowledgeBaseSettings? stored = null)
    {
        KnowledgeBases.TryGetValue(knowledgeBase, out KnowledgeBaseOverrides? overrides);
        LlmProviderSettings? provider = stored?.Provider is { } chosen
            ? FindProvider(chosen, $"knowledge base '{knowledgeBase}' provider (PATCH /api/kbs/{knowledgeBase})")
            : overrides?.Provider is { } named
            ? FindProvider(named, $"knowledge_bases.{knowledgeBase}.provider")
            : EnvironmentProvider
              ?? (DefaultProvider is { } fallback ? FindProvider(fallback, "llm.default_provider") : null)
              ?? (Providers.Count == 1 ? Providers[0] : null);

        if (provider is { ApiKey: null, ApiKeyEnvironmentVariable: { } variable })
        {
            throw ZhikuException.InvalidInput(
                $"The API key of LLM provider \"{provider.Name}\" is read from the environment variable {variable} (api_key_env in {provider.Origin}), which is not set; set it, e.g. export {variable}=… / "
                + $"模型 \"{provider.Name}\" 的密钥从环境变量 {variable} 读取（{provider.Origin} 中的 api_key_env），但它未设置；请先设置，例如 export {variable}=…");
        }

        AnsweringSettings answering = overrides is null
            ? Answering
            : Answering with
            {
                TopK = overrides.TopK ?? Answering.TopK,
                ContextTokens = overrides.ContextTokens ?? Answering.ContextTokens,
                NotFoundText = overrides.NotFoundText ?? Answering.NotFoundText,
                PromptTemplatePath = overrides.PromptTemplatePath ?? Answering.PromptTemplatePath,
                SupportThreshold = overrides.SupportThreshold ?? Answering.SupportThreshold,
            };
        if (stored?.PromptTemplate is { } template)
        {
            answering = answering with { PromptTemplateText = template };
        }

        return new EffectiveLlmConfiguration(knowledgeBase, provider, answering);
    }

    /// <summary>
    /// The embedding model and retrieval settings one knowledge base uses: its own <c>embedding</c> section if it has
    /// one (as a whole), else the store-wide one, else the built-in model; retrieval keys from the knowledge base,
    /// then the store-wide section, then the defaults.
    /// </summary>
    public Indexing.Hybrid.RetrievalConfiguration ResolveRetrievalFor(string knowledgeBase)
    {
        KnowledgeBases.TryGetValue(knowledgeBase, out KnowledgeBaseOverrides? overrides);
        RetrievalOverrides? own = overrides?.Retrieval;
        RetrievalOverrides? wide = Retrieval;
        var defaults = new Indexing.Hybrid.RetrievalSettings();
        var fusion = defaults.Fusion with
        {
            Method = own?.Fusion ?? wide?.Fusion ?? defaults.Fusion.Method,
            KeywordWeight = own?.KeywordWeight ?? wide?.KeywordWeight ?? defaults.Fusion.KeywordWeight,
            DenseWeight = own?.DenseWeight ?? wide?.DenseWeight ?? defaults.Fusion.DenseWeight,
            RrfK = own?.RrfK ?? wide?.RrfK ?? defaults.Fusion.RrfK,
            Candidates = own?.Candidates ?? wide?.Candidates ?? defaults.Fusion.Candidates,
        };
        string scope = overrides?.Retrieval is not null ? $"knowledge_bases.{knowledgeBase}.retrieval." : "retrieval.";
        fusion.Validate(scope);
        return new Indexing.Hybrid.RetrievalConfiguration
        {
            Embedding = overrides?.Embedding ?? Embedding ?? new Indexing.Embeddings.EmbeddingSettings(),
            Settings = defaults with
            {
                Fusion = fusion,
                RerankerPath = own?.Reranker ?? wide?.Reranker,
                RerankTopN = own?.RerankTopN ?? wide?.RerankTopN ?? defaults.RerankTopN,
                RerankBudget = (own?.RerankBudgetMs ?? wide?.RerankBudgetMs) is { } ms ? TimeSpan.FromMilliseconds(ms) : defaults.RerankBudget,
                UserDictionaryPath = overrides?.UserDictionary ?? own?.UserDictionary ?? wide?.UserDictionary,
            },
        };
    }

    private LlmProviderSettings FindProvider(string name, string key)
    {
        if (name == LlmDefaults.EnvironmentProviderName && EnvironmentProvider is not null)
        {
            return EnvironmentProvider;
        }

        return Providers.FirstOrDefault(p => p.Name == name) ?? throw ZhikuException.InvalidInput(
            $"{SourcePath ?? "zhiku.json"}: {key}: no provider is named \"{name}\"; define it in llm.providers or use one of: {KnownNames()} / "
            + $"{SourcePath ?? "zhiku.json"} 中的 {key}：没有名为 \"{name}\" 的模型；请在 llm.providers 中定义，或改用：{KnownNames()}");
    }

    private string KnownNames()
    {
        IEnumerable<string> names = Providers.Select(p => p.Name);
        if (EnvironmentProvider is not null)
        {
            names = names.Append(LlmDefaults.EnvironmentProviderName);
        }

        string joined = string.Join(", ", names);
        return joined.Length == 0 ? "(none)" : joined;
    }
}
