using Zhiku.Core.Storage;

namespace Zhiku.Core.Configuration;

/// <summary>
/// Answering settings an owner stores on a knowledge base through the API (<c>PATCH /api/kbs/{kb}</c>, kept in the
/// store's <c>kb_settings</c>); they win over the same knowledge base's entry in <c>zhiku.json</c>.
/// </summary>
/// <param name="Provider">The name of a provider defined in zhiku.json (or "env"), or null.</param>
/// <param name="PromptTemplate">Prompt template text (the same format as a template file), or null.</param>
public sealed record StoredKnowledgeBaseSettings(string? Provider, string? PromptTemplate)
{
    /// <summary>The setting key of the provider.</summary>
    public const string ProviderKey = "provider";

    /// <summary>The setting key of the prompt template.</summary>
    public const string PromptTemplateKey = "prompt_template";

    /// <summary>No stored settings.</summary>
    public static readonly StoredKnowledgeBaseSettings None = new(null, null);

    /// <summary>Reads the stored settings of a knowledge base (none for one that does not exist).</summary>
    /// <exception cref="ZhikuException">As <see cref="IKnowledgeBaseAccessStore.GetSettingsAsync"/>.</exception>
    public static async Task<StoredKnowledgeBaseSettings> ReadAsync(IKnowledgeBaseAccessStore access, long kbId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        IReadOnlyDictionary<string, string> settings = await access.GetSettingsAsync(kbId, cancellationToken).ConfigureAwait(false);
        return new StoredKnowledgeBaseSettings(settings.GetValueOrDefault(ProviderKey), settings.GetValueOrDefault(PromptTemplateKey));
    }
}
