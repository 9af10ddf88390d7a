using System.Security.Cryptography;
using System.Text;

namespace Zhiku.Core.Security;

/// <summary>
/// AES-256-GCM encryption of stored data (document text, the placeholder vault). A blob is
/// "ZKE1" | key id (8 bytes) | nonce (12) | tag (16) | ciphertext. An optional context (a document id, a
/// vault name) is bound as associated data, so a blob copied to another row fails to decrypt. As the store's
/// <see cref="ITextProtector"/> it writes base64 blobs without a context.
/// </summary>
public sealed class TextCipher : ITextProtector
{
    private static readonly byte[] Magic = "ZKE1"u8.ToArray();
    private const int KeyIdSize = 8;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 4 + KeyIdSize + NonceSize + TagSize;

    private readonly EncryptionKey _key;
    private readonly byte[] _keyId;

    /// <summary>A cipher under <paramref name="key"/>.</summary>
    public TextCipher(EncryptionKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
        _keyId = Convert.FromHexString(key.KeyId);
    }

    /// <inheritdoc/>
    public string KeyId => _key.KeyId;

    /// <summary>Whether <paramref name="blob"/> starts like data this class wrote.</summary>
    public static bool IsEncrypted(ReadOnlySpan<byte> blob) => blob.Length >= HeaderSize && blob.StartsWith(Magic);

    /// <summary>Encrypts <paramref name="plaintext"/> with a fresh random nonce.</summary>
    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData = default)
    {
        byte[] blob = new byte[HeaderSize + plaintext.Length];
        Magic.CopyTo(blob, 0);
        _keyId.CopyTo(blob, 4);
        Span<byte> nonce = blob.AsSpan(4 + KeyIdSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key.Bytes, TagSize);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(HeaderSize), blob.AsSpan(4 + KeyIdSize + NonceSize, TagSize), associatedData);
        return blob;
    }

    /// <summary>Decrypts a blob written by <see cref="Encrypt"/>.</summary>
    /// <exception cref="ZhikuException">The blob was encrypted under another key.</exception>
    /// <exception cref="InvalidDataException">The blob is not encrypted data, or was corrupted or moved to another context.</exception>
    public byte[] Decrypt(ReadOnlySpan<byte> blob, ReadOnlySpan<byte> associatedData = default)
    {
        if (!IsEncrypted(blob))
        {
            throw new InvalidDataException("The data is not encrypted by Zhiku (missing header). / 数据不是知库加密的格式。");
        }

        ReadOnlySpan<byte> keyId = blob.Slice(4, KeyIdSize);
        if (!keyId.SequenceEqual(_keyId))
        {
            throw ZhikuException.Forbidden(
                $"The data was encrypted with a different key (key id {Convert.ToHexStringLower(keyId)}, configured key id {_key.KeyId}). " +
                $"Set {EncryptionKey.KeyVariable} or {EncryptionKey.KeyFileVariable} to the key used when it was stored. / 数据由另一个密钥加密，请配置原密钥。");
        }

        byte[] plaintext = new byte[blob.Length - HeaderSize];
        try
        {
            using var aes = new AesGcm(_key.Bytes, TagSize);
            aes.Decrypt(blob.Slice(4 + KeyIdSize, NonceSize), blob[HeaderSize..], blob.Slice(4 + KeyIdSize + NonceSize, TagSize), plaintext, associatedData);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new InvalidDataException("Encrypted data failed its integrity check: it is corrupted or belongs to another record. / 加密数据校验失败：已损坏或不属于此记录。", ex);
        }

        return plaintext;
    }

    /// <summary>Encrypts UTF-8 text, bound to <paramref name="context"/> when given.</summary>
    public byte[] EncryptText(string text, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Encrypt(Encoding.UTF8.GetBytes(text), context is null ? default : Encoding.UTF8.GetBytes(context));
    }

    /// <summary>Decrypts text written by <see cref="EncryptText"/> with the same <paramref name="context"/>.</summary>
    public string DecryptText(ReadOnlySpan<byte> blob, string? context = null) =>
        Encoding.UTF8.GetString(Decrypt(blob, context is null ? default : Encoding.UTF8.GetBytes(context)));

    /// <summary><see cref="EncryptText"/> as base64, for TEXT columns.</summary>
    public string EncryptToBase64(string text, string? context = null) => Convert.ToBase64String(EncryptText(text, context));

    /// <summary>Reverses <see cref="EncryptToBase64"/>.</summary>
    public string DecryptFromBase64(string base64, string? context = null)
    {
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(base64);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException("The encrypted text is not valid base64. / 加密文本不是有效的 base64。", ex);
        }

        return DecryptText(blob, context);
    }

    /// <inheritdoc/>
    public string Protect(string text) => EncryptToBase64(text);

    /// <inheritdoc/>
    public string Unprotect(string protectedText) => DecryptFromBase64(protectedText);
}
