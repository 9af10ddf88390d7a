using Zhiku.Core.Answering.Citations;
using Zhiku.Core.Configuration;
using Zhiku.Core.Answering.Prompting;

namespace Zhiku.Core.Answering;

/// <summary>Settings of one <see cref="LlmAnswerer"/>; build from configuration with <see cref="From"/>.</summary>
public sealed record LlmAnswerOptions
{
    /// <summary>Token budget of the whole prompt.</summary>
    public int ContextTokens { get; init; } = LlmDefaults.ContextTokens;

    /// <summary>Configured not-found text; null uses the built-in text in the question's language.</summary>
    public string? NotFoundText { get; init; }

    /// <summary>The knowledge base's template; null uses the built-in one in the question's language.</summary>
    public PromptTemplate? Template { get; init; }

    /// <summary>Support threshold of the citation check.</summary>
    public double SupportThreshold { get; init; } = SupportScorer.DefaultThreshold;

    /// <summary>Upper bound for one whole answer; the answerer gives up after it, whatever the client does.</summary>
    public TimeSpan TotalTimeout { get; init; } = LlmDefaults.TotalTimeout;

    /// <summary>Longest silence between streamed chunks (and before the first one).</summary>
    public TimeSpan IdleTimeout { get; init; } = LlmDefaults.AttemptTimeout;

    /// <summary>True when the model is local (LLamaSharp or declared local); only then may <see cref="SourcePassage.LocalOnly"/> sources go in the prompt.</summary>
    public bool ModelIsLocal { get; init; }

    /// <summary>The configured model name, reported when the endpoint does not name one.</summary>
    public string? Model { get; init; }

    /// <summary>Options for a knowledge base's effective configuration; reads its prompt template file if any.</summary>
    /// <exception cref="ZhikuException">The template file is unreadable or invalid.</exception>
    public static LlmAnswerOptions From(EffectiveLlmConfiguration configuration)
    {
        LlmProviderSettings? provider = configuration.Provider;
        AnsweringSettings answering = configuration.Answering;
        return new LlmAnswerOptions
        {
            ContextTokens = answering.ContextTokens,
            NotFoundText = answering.NotFoundText,
            Template = answering.PromptTemplateText is { } text
                ? PromptTemplate.Parse(text, $"of knowledge base '{configuration.KnowledgeBase}' (prompt_template)")
                : answering.PromptTemplatePath is { } path ? PromptTemplate.Load(path) : null,
            SupportThreshold = answering.SupportThreshold,
            TotalTimeout = provider?.TotalTimeout ?? LlmDefaults.TotalTimeout,
            IdleTimeout = provider?.Timeout ?? LlmDefaults.AttemptTimeout,
            ModelIsLocal = provider?.IsLocal ?? false,
            Model = provider is null ? null : provider.Kind == LlmProviderKind.LlamaSharp ? Path.GetFileName(provider.Model) : provider.Model,
        };
    }
}
