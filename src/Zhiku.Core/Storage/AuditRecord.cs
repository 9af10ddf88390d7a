namespace Zhiku.Core.Storage;

/// <summary>One request to a language model, as recorded for audit: what left the building, after desensitization.</summary>
/// <param name="Id">Row id.</param>
/// <param name="Time">When the request was sent.</param>
/// <param name="User">Who asked.</param>
/// <param name="KnowledgeBase">The knowledge base the request answered from.</param>
/// <param name="Provider">The configured provider name.</param>
/// <param name="Model">The model asked.</param>
/// <param name="Local">Whether the provider is a local model.</param>
/// <param name="Status">ok, failed or cancelled.</param>
/// <param name="DurationMs">How long the request took.</param>
/// <param name="PlaceholderCounts">Placeholders in what was sent, by type label (never the values).</param>
/// <param name="Sent">The messages exactly as sent (desensitized), role and text.</param>
public sealed record AuditRecord(
    long Id,
    DateTimeOffset Time,
    string User,
    string KnowledgeBase,
    string Provider,
    string Model,
    bool Local,
    string Status,
    long DurationMs,
    IReadOnlyDictionary<string, int> PlaceholderCounts,
    IReadOnlyList<AuditedMessage> Sent);
