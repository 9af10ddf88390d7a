using Zhiku.Core.Chat;

namespace Zhiku.Core.Storage;

/// <summary>
/// Ratings of answers: one record per rated answer, changed in place when its user changes the rating or comment.
/// Question, answer and comment are stored like document text (encrypted when the store has a key). Every method may
/// throw <see cref="ZhikuException"/> with <see cref="ErrorKind.Unavailable"/> when the store cannot be read or written
/// now, and <see cref="ErrorKind.Forbidden"/> when stored text is encrypted and no key is configured; it throws
/// <see cref="OperationCanceledException"/> when <c>cancellationToken</c> is cancelled before the change is committed.
/// </summary>
public interface IFeedbackStore
{
    /// <summary>Records a new rating (+1 or -1) and returns its id.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.NotFound"/>: the knowledge base does not exist (the session id is recorded as given).</exception>
    Task<long> AddAsync(long kbId, long userId, long? sessionId, string question, string answer, int rating, string? comment,
        CancellationToken cancellationToken = default);

    /// <summary>Changes the rating and comment of one of this user's ratings in this knowledge base; false when there is none.</summary>
    Task<bool> UpdateAsync(long kbId, long userId, long id, int rating, string? comment, CancellationToken cancellationToken = default);

    /// <summary>One rating of a knowledge base, or null.</summary>
    Task<AnswerFeedback?> GetAsync(long kbId, long id, CancellationToken cancellationToken = default);

    /// <summary>The ratings of a knowledge base, newest first, skipping <paramref name="offset"/> and returning at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AnswerFeedback>> ListAsync(long kbId, int offset = 0, int limit = 100, CancellationToken cancellationToken = default);
}
