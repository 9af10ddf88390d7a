using Microsoft.AspNetCore.Http.HttpResults;
using Zhiku.Core.Access;
using Zhiku.Core.Storage;

namespace Zhiku.Server.Services;

/// <summary>
/// Resolves a knowledge base name for a user. One that does not exist and one the user may not see give the same
/// 404, so names of other people's knowledge bases do not leak; seeing it without the needed role is a 403.
/// </summary>
public sealed class KnowledgeBaseGate(ServerStore store, KnowledgeBaseRegistry registry)
{
    public bool TryOpen(UserInfo user, string name, KbRole minimum, out KbAccess access, out ProblemHttpResult problem)
    {
        access = null!;
        problem = null!;
        KnowledgeBaseInfo? info = store.Metadata.FindKnowledgeBase(name);
        KbRole role = info is null ? KbRole.None : store.Access.GetRole(user, info.Id);
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

        access = new KbAccess(info, role, user, registry.Get(info));
        return true;
    }

    /// <summary>The knowledge bases a user can see (role at least reader), by name.</summary>
    public IReadOnlyList<(KnowledgeBaseInfo Info, KbRole Role)> Visible(UserInfo user) =>
        store.Metadata.ListKnowledgeBases()
            .Select(info => (info, store.Access.GetRole(user, info.Id)))
            .Where(x => x.Item2 != KbRole.None)
            .ToList();
}
