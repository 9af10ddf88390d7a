namespace Zhiku.Core.Chat;

/// <summary>One turn of a stored conversation.</summary>
/// <param name="Id">Row id.</param>
/// <param name="Role">"user" or "assistant".</param>
/// <param name="Text">The question, or the answer text.</param>
/// <param name="Payload">For answers: the ask JSON (citations…) as written by the host; null for questions.</param>
/// <param name="CitedDocIds">Documents the answer cites (checked against the reader's permissions when shown again).</param>
/// <param name="CreatedAt">When it was said.</param>
public sealed record ChatMessage(long Id, string Role, string Text, string? Payload, IReadOnlyList<long> CitedDocIds, DateTimeOffset CreatedAt);
