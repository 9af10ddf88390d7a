namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>POST /api/kbs/{kb}/ask</c>.</summary>
public sealed record AskRequest
{
    /// <summary>The question.</summary>
    public required string Question { get; init; }

    /// <summary>Continue this chat session (the answer and question are stored in it; follow-ups are rewritten with its last question).</summary>
    public long? SessionId { get; init; }

    /// <summary>Store the exchange in a new chat session when no <see cref="SessionId"/> is given (its id is returned in the
    /// <c>X-Zhiku-Session</c> header, or a <c>session</c> event when streaming).</summary>
    public bool Save { get; init; }
}
