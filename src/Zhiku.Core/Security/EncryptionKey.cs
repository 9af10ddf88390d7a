using System.Security.Cryptography;
using System.Text;

namespace Zhiku.Core.Security;

/// <summary>
/// A 256-bit key for encryption at rest, read from ZHIKU_KEY (base64 or hex text) or from the file named by
/// ZHIKU_KEY_FILE (the same text, or 32 raw bytes). Its <see cref="KeyId"/> is stored with every ciphertext so
/// that data encrypted under another key is reported as such, not decrypted into garbage.
/// </summary>
public sealed class EncryptionKey
{
    /// <summary>Environment variable holding the key as base64 or hex text.</summary>
    public const string KeyVariable = "ZHIKU_KEY";

    /// <summary>Environment variable naming a file that holds the key.</summary>
    public const string KeyFileVariable = "ZHIKU_KEY_FILE";

    /// <summary>Key length in bytes.</summary>
    public const int Size = 32;

    private readonly byte[] _bytes;

    private EncryptionKey(byte[] bytes)
    {
        _bytes = bytes;
        KeyId = Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8));
    }

    /// <summary>A public fingerprint of the key (first 8 bytes of its SHA-256, hex); safe to log.</summary>
    public string KeyId { get; }

    internal ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>A new random key.</summary>
    public static EncryptionKey Generate() => new(RandomNumberGenerator.GetBytes(Size));

    /// <summary>The key as base64 text, for writing a key file.</summary>
    public string ToBase64() => Convert.ToBase64String(_bytes);

    /// <summary>The key from raw bytes (exactly 32).</summary>
    public static EncryptionKey FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Size ? new EncryptionKey(bytes.ToArray()) : throw ZhikuException.InvalidInput($"The key must be {Size} bytes, got {bytes.Length}. / 密钥必须是 {Size} 字节。");

    /// <summary>Parses a key written as base64 or hex (64 hex digits). <paramref name="source"/> names where it came from, for the message.</summary>
    public static EncryptionKey Parse(string text, string source)
    {
        string t = text.Trim();
        if (t.Length == Size * 2 && t.All(char.IsAsciiHexDigit))
        {
            return new EncryptionKey(Convert.FromHexString(t));
        }

        Span<byte> buffer = stackalloc byte[64];
        if (Convert.TryFromBase64String(t, buffer, out int written) && written == Size)
        {
            return new EncryptionKey(buffer[..Size].ToArray());
        }

        throw ZhikuException.InvalidInput(
            $"The key in {source} is not {Size} bytes written as base64 or 64 hex digits. Generate one with `openssl rand -base64 32`. / " +
            $"{source} 中的密钥不是 base64 或 64 位十六进制的 {Size} 字节密钥。");
    }

    /// <summary>Reads a key file: base64/hex text, or exactly 32 raw bytes.</summary>
    public static EncryptionKey FromFile(string path)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ZhikuException.InvalidInput($"Cannot read the key file {path}: {ex.Message} / 无法读取密钥文件 {path}。", innerException: ex);
        }

        if (content.Length == Size)
        {
            return new EncryptionKey(content);
        }

        return Parse(Encoding.UTF8.GetString(content), $"key file {path}");
    }

    /// <summary>The key configured by ZHIKU_KEY or ZHIKU_KEY_FILE, or null when neither is set.</summary>
    public static EncryptionKey? FromEnvironment()
    {
        string? inline = Environment.GetEnvironmentVariable(KeyVariable);
        if (!string.IsNullOrWhiteSpace(inline))
        {
            return Parse(inline, KeyVariable);
        }

        string? file = Environment.GetEnvironmentVariable(KeyFileVariable);
        return string.IsNullOrWhiteSpace(file) ? null : FromFile(file);
    }

    /// <summary>The configured key; a clear error when none is set.</summary>
    public static EncryptionKey RequireFromEnvironment() =>
        FromEnvironment() ?? throw ZhikuException.InvalidInput(
            $"No encryption key is configured: set {KeyVariable} (base64 or hex of {Size} bytes) or {KeyFileVariable} (path to a key file). / " +
            $"未配置加密密钥：请设置 {KeyVariable} 或 {KeyFileVariable}。");
}
