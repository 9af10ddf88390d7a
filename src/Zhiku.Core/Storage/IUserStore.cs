using Zhiku.Core.Access;

namespace Zhiku.Core.Storage;

/// <summary>
/// Server users, their API keys, web sessions and the account event log. API keys and session tokens are stored
/// only as SHA-256 hashes; password hashes are opaque strings made by the host's password hasher. A session is checked
/// on every request, so signing out, a password change, key rotation or disabling the user ends it at once. Every
/// method may throw <see cref="ZhikuException"/> with <see cref="ErrorKind.Unavailable"/> when the store cannot be read
/// or written now (locked past its timeout, read-only, full, its file gone), and throws
/// <see cref="OperationCanceledException"/> when <c>cancellationToken</c> is cancelled before the change is committed.
/// Unknown users, keys and tokens are not errors unless a method says so: lookups read them as null, zero or an empty
/// list, and changes to a user that does not exist change nothing.
/// </summary>
public interface IUserStore
{
    /// <summary>A session older than this is over, however active (the cookie's own lifetime is usually shorter).</summary>
    public static readonly TimeSpan MaxSessionAge = TimeSpan.FromDays(30);

    /// <summary>Creates a user and returns it.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.InvalidInput"/>: the name is not 1-64 letters, digits,
    /// Chinese characters, '-', '_', '.' or '@', or the role is not admin, editor or reader.
    /// <see cref="ErrorKind.Conflict"/>: a user of that name (case-insensitive) exists.</exception>
    Task<UserInfo> CreateAsync(string name, string role, IReadOnlyList<string> groups, CancellationToken cancellationToken = default);

    /// <summary>The user with this name (case-insensitive), or null.</summary>
    Task<UserInfo?> FindAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The user with this id, or null.</summary>
    Task<UserInfo?> GetAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>All users by name.</summary>
    Task<IReadOnlyList<UserInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Number of users (zero on a fresh store: the server then explains how to create the first admin).</summary>
    Task<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Issues a new API key for a user and returns it (the only time it is visible). With
    /// <paramref name="revokeOthers"/> the user's earlier keys are revoked and their web sessions end (rotation), in the
    /// same transaction. A key with <paramref name="opensPersonal"/> false (one someone else minted for the user, an
    /// admin over the API) works everywhere the user may go except the user's personal knowledge bases.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.NotFound"/>: the user does not exist.</exception>
    Task<string> IssueKeyAsync(long userId, bool revokeOthers, bool opensPersonal = true, CancellationToken cancellationToken = default);

    /// <summary>The enabled user owning a valid (not revoked) key, or null; <see cref="UserInfo.OpensPersonal"/> says
    /// whether this key opens the user's personal knowledge bases.</summary>
    Task<UserInfo?> FindByKeyAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Number of valid keys of a user.</summary>
    Task<long> CountKeysAsync(long userId, CancellationToken cancellationToken = default);

    /// <summary>The stored password hash, or null when the user has no password.</summary>
    Task<string?> GetPasswordHashAsync(long userId, CancellationToken cancellationToken = default);

    /// <summary>Sets (or with null removes) the password hash and ends the user's web sessions, atomically. A password
    /// with <paramref name="opensPersonal"/> false (someone else chose it) does not open the user's personal knowledge
    /// bases when signing in with it.</summary>
    Task SetPasswordHashAsync(long userId, string? hash, bool opensPersonal = true, CancellationToken cancellationToken = default);

    /// <summary>True when the user's password opens their personal knowledge bases (they chose it themselves).</summary>
    Task<bool> PasswordOpensPersonalAsync(long userId, CancellationToken cancellationToken = default);

    /// <summary>Disables or enables a user; disabling ends their web sessions.</summary>
    Task SetDisabledAsync(long userId, bool disabled, CancellationToken cancellationToken = default);

    /// <summary>Changes the role.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.InvalidInput"/>: the role is not admin, editor or reader.</exception>
    Task SetRoleAsync(long userId, string role, CancellationToken cancellationToken = default);

    /// <summary>Replaces the user's groups.</summary>
    Task SetGroupsAsync(long userId, IReadOnlyList<string> groups, CancellationToken cancellationToken = default);

    /// <summary>Starts a web session and returns its token (kept only inside the protected cookie); sessions older
    /// than <see cref="MaxSessionAge"/> are removed on the way. <paramref name="opensPersonal"/>: whether the
    /// credential used opens the user's personal knowledge bases.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.NotFound"/>: the user does not exist.</exception>
    Task<string> StartSessionAsync(long userId, bool opensPersonal, CancellationToken cancellationToken = default);

    /// <summary>The enabled user of a live session, with <see cref="UserInfo.OpensPersonal"/> from the sign-in, or null
    /// when the session was ended, is older than <see cref="MaxSessionAge"/>, or belongs to someone else than
    /// <paramref name="userId"/>.</summary>
    Task<UserInfo?> FindSessionAsync(string token, long userId, CancellationToken cancellationToken = default);

    /// <summary>Ends one session (sign-out).</summary>
    Task EndSessionAsync(string token, CancellationToken cancellationToken = default);

    /// <summary>Ends every session of a user.</summary>
    Task EndSessionsAsync(long userId, CancellationToken cancellationToken = default);

    /// <summary>Number of live sessions of a user.</summary>
    Task<long> CountSessionsAsync(long userId, CancellationToken cancellationToken = default);

    /// <summary>Appends to the account event log (what an admin did to another user's credentials, for example).</summary>
    /// <param name="actorId">Who did it (null: the local command line).</param>
    /// <param name="targetId">Whose account it concerns.</param>
    /// <param name="action">What happened, e.g. <c>key_issued_by_admin</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task RecordEventAsync(long? actorId, long targetId, string action, CancellationToken cancellationToken = default);

    /// <summary>The account events concerning a user, newest first, at most <paramref name="limit"/> (at least one).</summary>
    Task<IReadOnlyList<AccountEvent>> ListEventsAsync(long targetId, int limit = 100, CancellationToken cancellationToken = default);
}
