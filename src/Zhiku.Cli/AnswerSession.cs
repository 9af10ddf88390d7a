using Zhiku.Core;
using Zhiku.Core.Answering;

namespace Zhiku.Cli;

/// <summary>The CLI's answering path for a knowledge base: the person at the terminal owns the store.</summary>
internal static class AnswerSession
{
    public static Task<QuestionAnswerer> OpenAsync(KnowledgeBase kb, CancellationToken cancellationToken) =>
        QuestionAnswerer.CreateAsync(kb.AnswerSource, Environment.UserName, cancellationToken: cancellationToken);
}
