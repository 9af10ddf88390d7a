using Zhiku.Core.Access;

namespace Zhiku.Core.Storage;

/// <summary>
/// Who may use each knowledge base: its owner and personal flag, its access list (a user or everyone → reader or
/// editor) and its settings (description, prompt template, provider). A shared knowledge base without access lines is
/// visible to admins and its owner only: sharing is explicit. Roles follow <see cref="KbRoleRules"/>. Every method may
/// throw <see cref="ZhikuException"/> with <see cref="ErrorKind.Unavailable"/> when the store cannot be read or written
/// now (locked past its timeout, read-only, full, its file gone), and throws <see cref="OperationCanceledException"/>
/// when <c>cancellationToken</c> is cancelled before the change is committed. Reading a knowledge base that does not
/// exist is not an error: it has no owner, no access lines and no settings, and nobody but an admin has a role on it.
/// </summary>
public interface IKnowledgeBaseAccessStore
{
    /// <summary>The access-list name meaning every signed-in user.</summary>
    public const string Everyone = "*";

    /// <summary>Records (or replaces) the owner of a knowledge base.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.NotFound"/>: the knowledge base does not exist.</exception>
    Task SetOwnerAsync(long kbId, long ownerId, bool personal, CancellationToken cancellationToken = default);

    /// <summary>Owner and personal flag; knowledge bases made by the CLI have no owner and are shared.</summary>
    Task<KbOwnership> GetOwnershipAsync(long kbId, CancellationToken cancellationToken = default);

    /// <summary>What <paramref name="user"/> may do with a knowledge base.</summary>
    Task<KbRole> GetRoleAsync(UserInfo user, long kbId, CancellationToken cancellationToken = default);

    /// <summary>Sets one access-list line (a role above <see cref="KbRole.Editor"/> is stored as editor);
    /// <see cref="KbRole.None"/> removes it. <paramref name="userId"/> null means everyone.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.NotFound"/>: the knowledge base does not exist (when adding a line).</exception>
    Task SetAccessAsync(long kbId, long? userId, KbRole role, CancellationToken cancellationToken = default);

    /// <summary>The access list with user names (<see cref="Everyone"/> first, then users by id); lines of deleted users are left out.</summary>
    Task<IReadOnlyList<KbAccessEntry>> ListAccessAsync(long kbId, CancellationToken cancellationToken = default);

    /// <summary>Per-knowledge-base settings by key.</summary>
    Task<IReadOnlyDictionary<string, string>> GetSettingsAsync(long kbId, CancellationToken cancellationToken = default);

    /// <summary>Sets a setting; null removes it.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.NotFound"/>: the knowledge base does not exist (when setting a value).</exception>
    Task SetSettingAsync(long kbId, string key, string? value, CancellationToken cancellationToken = default);

    /// <summary>Every knowledge base <paramref name="user"/> may see, by name, with role, owner, readable document count
    /// and settings, read with a fixed number of queries (not several per knowledge base). Roles are those of
    /// <see cref="GetRoleAsync"/>.</summary>
    Task<IReadOnlyList<KnowledgeBaseOverview>> ListVisibleAsync(UserInfo user, CancellationToken cancellationToken = default);
}
