using Zhiku.Core.Chat;

namespace Zhiku.Core.Storage;

/// <summary>
/// Chat sessions per user and their turns. Titles, turns and payloads quote documents, so an implementation stores
/// them encrypted when the store has a key. Every method may throw <see cref="ZhikuException"/> with
/// <see cref="ErrorKind.Unavailable"/> when the store cannot be read or written now (locked past its timeout, read-only,
/// full), and <see cref="ErrorKind.Forbidden"/> when stored text is encrypted and no key is configured; it throws
/// <see cref="OperationCanceledException"/> when <c>cancellationToken</c> is cancelled before the change is committed.
/// </summary>
public interface IChatStore
{
    /// <summary>Starts a session of <paramref name="userId"/> in knowledge base <paramref name="kbId"/>, titled after its first
    /// question (cut to 80 characters).</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.NotFound"/>: the knowledge base does not exist.</exception>
    Task<ChatSession> CreateAsync(long userId, long kbId, string title, CancellationToken cancellationToken = default);

    /// <summary>A session of this user, or null: another user's session does not exist for them.</summary>
    Task<ChatSession?> GetAsync(long userId, long sessionId, CancellationToken cancellationToken = default);

    /// <summary>The user's sessions, most recently used first (ties: newest id first), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ChatSession>> ListAsync(long userId, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Appends a turn and touches the session's last use, atomically: both or neither.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.NotFound"/>: the session does not exist (or was deleted meanwhile).</exception>
    Task AppendAsync(long sessionId, string role, string text, string? payload, IReadOnlyCollection<long> citedDocIds,
        CancellationToken cancellationToken = default);

    /// <summary>The turns of a session in the order they were appended; empty for a session that does not exist.</summary>
    Task<IReadOnlyList<ChatMessage>> MessagesAsync(long sessionId, CancellationToken cancellationToken = default);

    /// <summary>Deletes a session of this user with its turns; false when this user has no such session.</summary>
    Task<bool> DeleteAsync(long userId, long sessionId, CancellationToken cancellationToken = default);
}
