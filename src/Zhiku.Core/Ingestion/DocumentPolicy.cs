using Zhiku.Core.Access;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Ingestion;

/// <summary>
/// The one place where the knowledge base's policy, a requested document policy (`ingest --policy`, the upload's
/// <c>policy</c> field) and the admin's rules (zhiku.json privacy.rules) meet. The strictest always wins
/// (forbidden &gt; local-only &gt; cloud): a request or a rule can tighten what the knowledge base allows, never loosen it.
/// </summary>
public static class DocumentPolicy
{
    /// <summary>Refuses a requested document policy looser than the knowledge base's. Call it where a request comes
    /// in, before anything is written.</summary>
    /// <param name="knowledgeBase">The knowledge base the documents go into.</param>
    /// <param name="requested">The requested policy (already parsed), or null for none.</param>
    /// <param name="argument">How the request names it (<c>--policy</c>, <c>policy</c>), for the message.</param>
    /// <exception cref="ZhikuException">The request is looser than the knowledge base's policy.</exception>
    public static void EnsureNotLooser(KnowledgeBaseInfo knowledgeBase, string? requested, string argument)
    {
        if (requested is not null && DataPolicy.Rank(requested) < DataPolicy.Rank(knowledgeBase.Policy))
        {
            throw ZhikuException.Conflict(
                $"{argument}: '{requested}' is looser than the policy of knowledge base '{knowledgeBase.Name}' ({knowledgeBase.Policy}); " +
                $"a document can only be as strict or stricter. To loosen, the owner or an admin changes the knowledge base's policy. / " +
                $"文档策略 {requested} 比知识库 '{knowledgeBase.Name}' 的策略 {knowledgeBase.Policy} 宽松，已拒绝；如需放宽，请由所有者或管理员修改知识库策略。", argument);
        }
    }

    /// <summary>
    /// The policy stored on a document: null (follow the knowledge base, also when its policy changes later) when
    /// neither a request nor a rule gives one; else the strictest of the rule's, the request's and — when a request
    /// is given — the knowledge base's. Never looser than any of them, also for a request that was not checked with
    /// <see cref="EnsureNotLooser"/> (a queued job whose knowledge base was tightened since).
    /// </summary>
    /// <param name="knowledgeBasePolicy">The knowledge base's policy.</param>
    /// <param name="requested">The requested policy, or null.</param>
    /// <param name="rule">The strictest matching rule's policy, or null.</param>
    public static string? Resolve(string knowledgeBasePolicy, string? requested, string? rule) =>
        requested is null
            ? rule is null ? null : DataPolicy.Stricter(rule, knowledgeBasePolicy)
            : DataPolicy.Stricter(DataPolicy.Stricter(requested, rule), knowledgeBasePolicy);

    /// <summary>The policy that applies to a document when it is retrieved or sent to a model: the stricter of its
    /// own and its knowledge base's current one.</summary>
    /// <param name="knowledgeBasePolicy">The knowledge base's policy.</param>
    /// <param name="documentPolicy">The document's stored policy, or null.</param>
    public static string Effective(string knowledgeBasePolicy, string? documentPolicy) =>
        DataPolicy.Stricter(knowledgeBasePolicy, documentPolicy)!;
}
