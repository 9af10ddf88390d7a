using System.Text;
using System.Text.Json;
using Zhiku.Core.Security;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Files;

namespace Zhiku.Core.Privacy;

/// <summary>
/// Keeps each conversation's placeholder mapping, encrypted with <see cref="TextCipher"/> (bound to the session id),
/// in an <see cref="IVaultStore"/>: a folder of files in the embedded store, a table in PostgreSQL; the store only ever
/// sees the encrypted blob. Saves are optimistic: a session remembers the version it was loaded from, and when another
/// node saved the conversation meanwhile the two mappings are merged (see <see cref="SaveAsync"/>).
/// </summary>
public sealed class PseudonymVault
{
    /// <summary>Saves tried before a conversation written this busily is reported as a conflict.</summary>
    internal const int MaxSaveAttempts = 5;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IVaultStore _store;
    private readonly TextCipher _cipher;

    /// <summary>A vault of files in <paramref name="directory"/> (created when missing).</summary>
    public PseudonymVault(string directory, TextCipher cipher)
        : this(new FileVaultStore(directory), cipher)
    {
    }

    /// <summary>A vault over <paramref name="store"/>.</summary>
    public PseudonymVault(IVaultStore store, TextCipher cipher)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(cipher);
        _store = store;
        _cipher = cipher;
    }

    /// <summary>
    /// Writes <paramref name="session"/>, replacing the version it was loaded from (or a new one). When another writer
    /// saved the conversation since, the stored mapping is read again and merged: every stored placeholder keeps its
    /// value, values only this session has are added (under a new number when their placeholder was taken meanwhile),
    /// and the merge is saved in turn.
    /// </summary>
    /// <returns>The mapping as stored: <paramref name="session"/> itself, or the merge; use it for the next turn.</returns>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.Conflict"/>: other writers kept saving the conversation
    /// through <see cref="MaxSaveAttempts"/> merges; <see cref="ErrorKind.Forbidden"/>: the stored mapping is under another
    /// key; otherwise as <see cref="IVaultStore.SaveAsync"/>.</exception>
    /// <exception cref="InvalidDataException">The stored mapping is damaged.</exception>
    public async Task<PseudonymSession> SaveAsync(PseudonymSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        PseudonymSession current = session;
        for (int attempt = 0; attempt < MaxSaveAttempts; attempt++)
        {
            var payload = new VaultPayload(current.Id, current.Language, [.. current.Entries]);
            byte[] blob = _cipher.Encrypt(JsonSerializer.SerializeToUtf8Bytes(payload, Json), Context(current.Id));
            if (await _store.SaveAsync(current.Id, blob, current.StoredVersion, cancellationToken).ConfigureAwait(false) is long version)
            {
                current.StoredVersion = version;
                return current;
            }

            PseudonymSession? stored = await LoadAsync(current.Id, cancellationToken).ConfigureAwait(false);
            current = stored is null ? PseudonymSession.Merge(new PseudonymSession(session.Id, session.Language), session) : PseudonymSession.Merge(stored, session);
        }

        throw ZhikuException.Conflict(
            $"the placeholder mapping of conversation {session.Id} kept changing while it was saved ({MaxSaveAttempts} attempts); try again / 会话映射保存冲突，请重试",
            session.Id);
    }

    /// <summary>Reads a session; null when none was saved under <paramref name="sessionId"/>.</summary>
    /// <exception cref="ZhikuException">The vault was written under another key.</exception>
    /// <exception cref="InvalidDataException">The blob is corrupted or is not a vault blob for this session.</exception>
    public async Task<PseudonymSession?> LoadAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        VaultBlob? stored = await _store.LoadAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        byte[] json = _cipher.Decrypt(stored.Blob, Context(sessionId));
        VaultPayload payload = JsonSerializer.Deserialize<VaultPayload>(json, Json)
            ?? throw new InvalidDataException($"The vault of conversation {sessionId} is empty. / 映射库文件为空。");
        PseudonymSession session = PseudonymSession.Restore(payload.Id, payload.Language, payload.Entries);
        session.StoredVersion = stored.Version;
        return session;
    }

    /// <summary>Deletes a session's mapping; false when there was none.</summary>
    /// <exception cref="ZhikuException">As <see cref="IVaultStore.DeleteAsync"/>.</exception>
    public Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default) => _store.DeleteAsync(sessionId, cancellationToken);

    private static byte[] Context(string sessionId) => Encoding.UTF8.GetBytes("zhiku-vault:" + sessionId);

    private sealed record VaultPayload(string Id, PlaceholderLanguage Language, List<PseudonymEntry> Entries);
}
