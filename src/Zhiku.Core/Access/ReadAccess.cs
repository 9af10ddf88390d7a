namespace Zhiku.Core.Access;

/// <summary>
/// Which documents of a knowledge base a caller may read: all of them (the CLI, admins), or those with no
/// groups plus those sharing a group with the caller. Retrieval applies it inside the index query, before
/// the top-k cut, so ranks, counts and "closest documents" never reveal an unreadable document.
/// </summary>
public sealed record ReadAccess
{
    private ReadAccess(bool all, IReadOnlyList<string> groups)
    {
        ReadsAll = all;
        Groups = groups;
    }

    /// <summary>No restriction.</summary>
    public static ReadAccess All { get; } = new(true, []);

    /// <summary>True when every document is readable.</summary>
    public bool ReadsAll { get; }

    /// <summary>The caller's groups (normalized).</summary>
    public IReadOnlyList<string> Groups { get; }

    /// <summary>A caller who belongs to <paramref name="groups"/> (may be empty: only group-less documents).</summary>
    public static ReadAccess ForGroups(IEnumerable<string> groups) =>
        new(false, DocumentGroups.Normalize(groups, "groups"));

    /// <summary>True when a document with these groups may be read.</summary>
    public bool CanRead(IReadOnlyList<string> documentGroups) =>
        ReadsAll || documentGroups.Count == 0 || documentGroups.Any(g => Groups.Contains(g, StringComparer.Ordinal));
}
