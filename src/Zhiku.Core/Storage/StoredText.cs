using Zhiku.Core.Security;

namespace Zhiku.Core.Storage;

/// <summary>
/// How every engine writes text to its database: as it is without a key, else protected by
/// <see cref="ITextProtector"/> behind the <c>enc:</c> prefix, so a reader tells the two apart. The key id is recorded
/// with the data, and a database holding another key's text, or encrypted text opened without a key, is refused.
/// </summary>
internal sealed class StoredText
{
    private const string EncryptedPrefix = "enc:";
    private readonly ITextProtector? _protector;

    public StoredText(ITextProtector? protector)
    {
        _protector = protector;
    }

    /// <summary>True when new text is written encrypted.</summary>
    public bool Encrypts => _protector is not null;

    /// <summary>The id of the key text is written under, or null without a key.</summary>
    public string? KeyId => _protector?.KeyId;

    /// <summary>Encrypts a text for storage when a key is configured.</summary>
    public string Protect(string text) => _protector is null ? text : EncryptedPrefix + _protector.Protect(text);

    /// <summary>Reads a stored text, decrypting it when it was stored encrypted.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.Forbidden"/>: the text is encrypted and no key is configured, or
    /// it is under another key.</exception>
    public string Reveal(string stored)
    {
        if (!stored.StartsWith(EncryptedPrefix, StringComparison.Ordinal))
        {
            return stored;
        }

        if (_protector is null)
        {
            throw ZhikuException.Forbidden($"stored text is encrypted; set {EncryptionKey.KeyVariable} or {EncryptionKey.KeyFileVariable} / 存储内容已加密，请设置密钥");
        }

        return _protector.Unprotect(stored[EncryptedPrefix.Length..]);
    }

    /// <summary>Checks the key id a database recorded against the configured key; true when none is recorded and a
    /// key is configured, so the caller records <see cref="KeyId"/>.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.Forbidden"/>: the database is encrypted and no key, or another
    /// key, is configured.</exception>
    public bool MustRecordKey(string? recordedKeyId)
    {
        if (recordedKeyId is null)
        {
            return _protector is not null;
        }

        if (_protector is null)
        {
            throw ZhikuException.Forbidden(
                $"this store's documents are encrypted (key {recordedKeyId}); set {EncryptionKey.KeyVariable} or {EncryptionKey.KeyFileVariable} to its key / 该存储已加密，请设置密钥环境变量");
        }

        if (_protector.KeyId != recordedKeyId)
        {
            throw ZhikuException.Forbidden(
                $"the key in {EncryptionKey.KeyVariable}/{EncryptionKey.KeyFileVariable} (id {_protector.KeyId}) is not this store's key (id {recordedKeyId}); use the key the store was created with / 密钥与该存储不匹配");
        }

        return false;
    }
}
