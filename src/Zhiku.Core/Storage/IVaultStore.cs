namespace Zhiku.Core.Storage;

/// <summary>
/// Where the pseudonym vault keeps each conversation's mapping: one opaque blob per session id (already encrypted by
/// <c>Privacy.PseudonymVault</c>; a store never sees the mapping in the clear), with a version for optimistic
/// concurrency, so two nodes answering in one conversation never silently drop each other's placeholders.
/// </summary>
public interface IVaultStore
{
    /// <summary>The session's blob and its version; null when none is stored.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.Unavailable"/>: the store cannot be read now.</exception>
    /// <exception cref="ArgumentException">The session id is empty.</exception>
    Task<VaultBlob?> LoadAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="blob"/> as the session's mapping if the stored version is still
    /// <paramref name="expectedVersion"/> (<see cref="VaultBlob.None"/>: nothing stored yet). Atomic: the old blob or the
    /// new one, never a mix; a cancelled save leaves the old one.</summary>
    /// <returns>The new version; null when another writer saved (or deleted) first, and nothing was written: load again,
    /// merge and retry.</returns>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.Unavailable"/>: the store cannot be written now.</exception>
    Task<long?> SaveAsync(string sessionId, byte[] blob, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Removes the session's mapping whatever its version; false when none was stored.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.Unavailable"/>: the store cannot be written now.</exception>
    Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default);
}
