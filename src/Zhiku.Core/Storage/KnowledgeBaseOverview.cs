using Zhiku.Core.Access;

namespace Zhiku.Core.Storage;

/// <summary>What a list of knowledge bases shows of one of them, for one user.</summary>
/// <param name="Info">The knowledge base.</param>
/// <param name="Role">The user's role (never <see cref="KbRole.None"/> in a listing).</param>
/// <param name="Ownership">Owner and personal flag.</param>
/// <param name="OwnerName">The owner's user name, or null (made by the CLI, or the owner is gone).</param>
/// <param name="ReadableDocuments">Documents the user may read.</param>
/// <param name="Settings">Per-knowledge-base settings.</param>
public sealed record KnowledgeBaseOverview(
    KnowledgeBaseInfo Info,
    KbRole Role,
    KbOwnership Ownership,
    string? OwnerName,
    long ReadableDocuments,
    IReadOnlyDictionary<string, string> Settings);
