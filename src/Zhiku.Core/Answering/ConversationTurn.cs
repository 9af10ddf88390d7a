namespace Zhiku.Core.Answering;

/// <summary>One turn of a <see cref="Conversation"/>.</summary>
/// <param name="Question">The question as typed.</param>
/// <param name="Standalone">The question retrieval and the model saw (the typed one when it needed no rewriting).</param>
/// <param name="Answer">The answer.</param>
public sealed record ConversationTurn(string Question, string Standalone, Answer Answer);
