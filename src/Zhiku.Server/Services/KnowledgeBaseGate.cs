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
    public bool TryOpen(UserInfo user, string name, KbRole minimum, out KbAccess access, out ProblemHttpResult problem)
    {
        access = null!;
        problem = null!;
        (KnowledgeBaseInfo? info, KbRole role) = Resolve(user, name);
        if (info is null || role == KbRole.None)
        {
            problem = ApiProblems.KnowledgeBaseNotFound(name);
            return false;
        }

        if (role < minimum)
        {
            problem = ApiProblems.Forbidden(minimum == KbRole.Editor
                ? $"changes to knowledge base '{name}' (needs the editor role)"
                : $"this to knowledge base '{name}' (needs its owner or an admin)");
            return false;
        }

        access = new KbAccess(Shown(info), role, user, registry.Get(info));
        return true;
    }

    /// <summary>The knowledge bases a user can see (role at least reader), by name as the user sees it.</summary>
    public IReadOnlyList<(KnowledgeBaseInfo Info, KbRole Role)> Visible(UserInfo user) =>
        store.Metadata.ListKnowledgeBases()
            .Select(info => (Shown(info), store.Access.GetRole(user, info.Id)))
            .Where(x => x.Item2 != KbRole.None)
            .OrderBy(x => x.Item1.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>What the list of knowledge bases shows for <paramref name="user"/>: the same ones as <see cref="Visible"/>,
    /// read with a fixed number of queries for all of them.</summary>
    public IReadOnlyList<KnowledgeBaseOverview> VisibleOverviews(UserInfo user) =>
        store.Access.ListVisible(user)
            .Select(o => o with { Info = Shown(o.Info) })
            .OrderBy(o => o.Info.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>True when <paramref name="name"/> already means a knowledge base to this user (their personal one or
    /// a shared one they can see), so creating another of that name would be ambiguous.</summary>
    public bool IsTaken(UserInfo user, string name) => Resolve(user, name).Role != KbRole.None;

    /// <summary>A knowledge base's record with the name its users see.</summary>
    public static KnowledgeBaseInfo Shown(KnowledgeBaseInfo info) => info with { Name = KnowledgeBaseNames.Display(info.Name) };

    private (KnowledgeBaseInfo? Info, KbRole Role) Resolve(UserInfo user, string name)
    {
        if (string.IsNullOrEmpty(name) || KnowledgeBaseNames.IsNamespaced(name))
        {
            return (null, KbRole.None);
        }

        if (store.Metadata.FindKnowledgeBase(KnowledgeBaseNames.Personal(user.Id, name)) is { } personal)
        {
            KbRole own = store.Access.GetRole(user, personal.Id);
            if (own != KbRole.None)
            {
                return (personal, own);
            }
        }

        KnowledgeBaseInfo? shared = store.Metadata.FindKnowledgeBase(name);
        return shared is null ? (null, KbRole.None) : (shared, store.Access.GetRole(user, shared.Id));
    }
}
