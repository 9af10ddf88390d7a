using Zhiku.Core;
using Zhiku.Core.Access;
using Zhiku.Core.Storage;

namespace Zhiku.Server.Services;

/// <summary>A knowledge base resolved for a user: what it is, the user's role in it and its open handle.</summary>
public sealed record KbAccess(KnowledgeBaseInfo Info, KbRole Role, UserInfo User, KnowledgeBaseHandle Handle)
{
    public KnowledgeBase KnowledgeBase => Handle.KnowledgeBase;

    /// <summary>The documents the user may read.</summary>
    public ReadAccess Read => User.ReadAccess;
}
