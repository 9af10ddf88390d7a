using Zhiku.Core.Answering.Citations;

namespace Zhiku.Core.Configuration;

/// <summary>How answers are built, from <c>zhiku.json</c> (<c>answering</c>), optionally overridden per knowledge base.</summary>
public sealed record AnsweringSettings
{
    /// <summary>How many retrieved chunks are offered to the model as numbered sources (<c>top_k</c>).</summary>
    public int TopK { get; init; } = LlmDefaults.TopK;

    /// <summary>Token budget of the whole prompt (<c>context_tokens</c>); sources that do not fit are cut or left out.</summary>
    public int ContextTokens { get; init; } = LlmDefaults.ContextTokens;

    /// <summary>Fixed text answered when the knowledge base has no answer (<c>not_found_text</c>); null uses the built-in text in the question's language.</summary>
    public string? NotFoundText { get; init; }

    /// <summary>Absolute path of a prompt template file (<c>prompt_template</c>); null uses the built-in templates.</summary>
    public string? PromptTemplatePath { get; init; }

    /// <summary>Prompt template text stored on the knowledge base through the API; wins over <see cref="PromptTemplatePath"/>.</summary>
    public string? PromptTemplateText { get; init; }

    /// <summary>Support score at or above which a sentence counts as backed by its cited sources (<c>support_threshold</c>).</summary>
    public double SupportThreshold { get; init; } = SupportScorer.DefaultThreshold;
}
