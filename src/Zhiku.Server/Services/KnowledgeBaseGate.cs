using Microsoft.AspNetCore.Http.HttpResults;
using Zhiku.Core.Access;
using Zhiku.Core.Storage;

namespace Zhiku.Server.Services;

/// <summary>
/// Resolves a knowledge base name for a user: the user's own personal knowledge base of that name first (personal
/// ones live in their owner's namespace), else the shared one. One that does not exist and one the user may not see
/// give the same 404, so names of other people's knowledge bases do not leak; seeing it without the needed role is a
/// 403. The <see cref="KbAccess.Info"/> handed out carries the name as the user sees it.
/// </summary>
public sealed class KnowledgeBaseGate(ServerStore store, KnowledgeBaseRegistry registry)
{
    /// <summary>Opens the knowledge base <paramref name="name"/> means to <paramref name="user"/> with at least
    /// <paramref name="minimum"/>: the access, or the problem (404 or 403) to answer with.</summary>
    public async Task<(KbAccess? Access, ProblemHttpResult? Problem)> OpenAsync(UserInfo user, string name, KbRole minimum,
        CancellationToken cancellationToken)
    {
        (KnowledgeBaseInfo? info, KbRole role) = await ResolveAsync(user, name, cancellationToken).ConfigureAwait(false);
        if (info is null || role == KbRole.None)
        {
            return (null, ApiProblems.KnowledgeBaseNotFound(name));
        }

        if (role < minimum)
        {
            return (null, ApiProblems.Forbidden(minimum == KbRole.Editor
                ? $"changes to knowledge base '{name}' (needs the editor role)"
                : $"this to knowledge base '{name}' (needs its owner or an admin)"));
        }

        KnowledgeBaseHandle handle = await registry.GetAsync(info, cancellationToken).ConfigureAwait(false);
        return (new KbAccess(Shown(info), role, user, handle), null);
    }

    /// <summary>The knowledge bases a user can see (role at least reader), by name as the user sees it.</summary>
    public async Task<IReadOnlyList<(KnowledgeBaseInfo Info, KbRole Role)>> VisibleAsync(UserInfo user, CancellationToken cancellationToken)
    {
        var visible = new List<(KnowledgeBaseInfo Info, KbRole Role)>();
        foreach (KnowledgeBaseInfo info in await store.KnowledgeBases.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            KbRole role = await store.Access.GetRoleAsync(user, info.Id, cancellationToken).ConfigureAwait(false);
            if (role != KbRole.None)
            {
                visible.Add((Shown(info), role));
            }
        }

        return visible.OrderBy(x => x.Info.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>What the list of knowledge bases shows for <paramref name="user"/>: the same ones as <see cref="VisibleAsync"/>,
    /// read with a fixed number of queries for all of them.</summary>
    public async Task<IReadOnlyList<KnowledgeBaseOverview>> VisibleOverviewsAsync(UserInfo user, CancellationToken cancellationToken) =>
        (await store.Access.ListVisibleAsync(user, cancellationToken).ConfigureAwait(false))
            .Select(o => o with { Info = Shown(o.Info) })
            .OrderBy(o => o.Info.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>True when <paramref name="name"/> already means a knowledge base to this user (their personal one or
    /// a shared one they can see), so creating another of that name would be ambiguous.</summary>
    public async Task<bool> IsTakenAsync(UserInfo user, string name, CancellationToken cancellationToken) =>
        (await ResolveAsync(user, name, cancellationToken).ConfigureAwait(false)).Role != KbRole.None;

    /// <summary>A knowledge base's record with the name its users see.</summary>
    public static KnowledgeBaseInfo Shown(KnowledgeBaseInfo info) => info with { Name = KnowledgeBaseNames.Display(info.Name) };

    private async Task<(KnowledgeBaseInfo? Info, KbRole Role)> ResolveAsync(UserInfo user, string name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(name) || KnowledgeBaseNames.IsNamespaced(name))
        {
            return (null, KbRole.None);
        }

        if (await store.KnowledgeBases.FindAsync(KnowledgeBaseNames.Personal(user.Id, name), cancellationToken).ConfigureAwait(false) is { } personal)
        {
            KbRole own = await store.Access.GetRoleAsync(user, personal.Id, cancellationToken).ConfigureAwait(false);
            if (own != KbRole.None)
            {
                return (personal, own);
            }
        }

        KnowledgeBaseInfo? shared = await store.KnowledgeBases.FindAsync(name, cancellationToken).ConfigureAwait(false);
        return shared is null ? (null, KbRole.None) : (shared, await store.Access.GetRoleAsync(user, shared.Id, cancellationToken).ConfigureAwait(false));
    }
}
