using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Zhiku.Core.Security;

/// <summary>
/// The on-disk layout of an encrypted file, built for random access: a header, then the plaintext in blocks of
/// <see cref="BlockSize"/> bytes, each sealed with AES-256-GCM as ciphertext | tag. The header is
/// "ZKB1" | key id (8) | file nonce (8), random per file. Block i uses the nonce file nonce | i (big-endian uint32)
/// and binds the header, its index and whether it is the last block as associated data, so blocks cannot be
/// reordered, moved between files or cut off at a block boundary. Every block but the last is full and a file has
/// at least one block (an empty file is one empty block), so the plaintext length follows from the file length.
/// </summary>
internal static class BlockFormat
{
    public const int BlockSize = 4096;
    public const int TagSize = 16;
    public const int StoredBlockSize = BlockSize + TagSize;
    public const int KeyIdSize = 8;
    public const int FileNonceSize = 8;
    public const int HeaderSize = 4 + KeyIdSize + FileNonceSize;
    private const int AssociatedSize = HeaderSize + 8 + 1;

    public static ReadOnlySpan<byte> Magic => "ZKB1"u8;

    /// <summary>Whether <paramref name="start"/> (the first bytes of a file) begins with this format's magic.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> start) => start.Length >= Magic.Length && start.StartsWith(Magic);

    /// <summary>A fresh header under <paramref name="keyId"/> with a random file nonce.</summary>
    public static byte[] NewHeader(ReadOnlySpan<byte> keyId)
    {
        byte[] header = new byte[HeaderSize];
        Magic.CopyTo(header);
        keyId.CopyTo(header.AsSpan(4, KeyIdSize));
        RandomNumberGenerator.Fill(header.AsSpan(4 + KeyIdSize, FileNonceSize));
        return header;
    }

    /// <summary>Checks a header read from <paramref name="name"/>: the format and that it was written under this key.</summary>
    /// <exception cref="ZhikuException">The file was encrypted under another key.</exception>
    /// <exception cref="InvalidDataException">The header is not this format's.</exception>
    public static void CheckHeader(ReadOnlySpan<byte> header, ReadOnlySpan<byte> keyId, string name)
    {
        if (header.Length < HeaderSize || !HasMagic(header))
        {
            throw new InvalidDataException($"{name}: not a Zhiku encrypted file (bad header) / 不是知库加密文件");
        }

        ReadOnlySpan<byte> stored = header.Slice(4, KeyIdSize);
        if (!stored.SequenceEqual(keyId))
        {
            throw ZhikuException.Forbidden(
                $"{name} was encrypted with a different key (key id {Convert.ToHexStringLower(stored)}, configured key id {Convert.ToHexStringLower(keyId)}); " +
                $"set {EncryptionKey.KeyVariable} or {EncryptionKey.KeyFileVariable} to the key the store was created with / 文件由另一个密钥加密，请设置原密钥");
        }
    }

    /// <summary>The plaintext length of an encrypted file of <paramref name="storedLength"/> bytes, or -1 when no
    /// file this format writes has that length.</summary>
    public static long PlainLength(long storedLength)
    {
        long body = storedLength - HeaderSize;
        if (body < TagSize)
        {
            return -1;
        }

        long blocks = (body + StoredBlockSize - 1) / StoredBlockSize;
        long last = body - (blocks - 1) * StoredBlockSize;
        return last < TagSize ? -1 : body - blocks * TagSize;
    }

    /// <summary>How many blocks a file of <paramref name="plainLength"/> bytes has (always at least one).</summary>
    public static long BlockCount(long plainLength) => plainLength == 0 ? 1 : (plainLength + BlockSize - 1) / BlockSize;

    /// <summary>Where block <paramref name="index"/> starts in the file.</summary>
    public static long StoredOffset(long index) => HeaderSize + index * StoredBlockSize;

    /// <summary>Seals one block: <paramref name="output"/> receives ciphertext | tag (plaintext length + 16 bytes).</summary>
    public static void Seal(AesGcm aes, ReadOnlySpan<byte> header, long index, bool last, ReadOnlySpan<byte> plain, Span<byte> output)
    {
        Span<byte> nonce = stackalloc byte[12];
        Span<byte> associated = stackalloc byte[AssociatedSize];
        Describe(header, index, last, nonce, associated);
        aes.Encrypt(nonce, plain, output[..plain.Length], output.Slice(plain.Length, TagSize), associated);
    }

    /// <summary>Opens one block (ciphertext | tag) into <paramref name="plain"/>.</summary>
    /// <exception cref="InvalidDataException">The block fails its integrity check.</exception>
    public static void Open(AesGcm aes, ReadOnlySpan<byte> header, long index, bool last, ReadOnlySpan<byte> stored, Span<byte> plain, string name)
    {
        Span<byte> nonce = stackalloc byte[12];
        Span<byte> associated = stackalloc byte[AssociatedSize];
        Describe(header, index, last, nonce, associated);
        int length = stored.Length - TagSize;
        try
        {
            aes.Decrypt(nonce, stored[..length], stored[length..], plain[..length], associated);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new InvalidDataException($"{name}: encrypted block {index} failed its integrity check (damaged or altered) / 加密数据校验失败", ex);
        }
    }

    private static void Describe(ReadOnlySpan<byte> header, long index, bool last, Span<byte> nonce, Span<byte> associated)
    {
        if (index > uint.MaxValue)
        {
            throw new InvalidOperationException("Encrypted files are limited to 2^32 blocks.");
        }

        header.Slice(4 + KeyIdSize, FileNonceSize).CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[FileNonceSize..], (uint)index);
        header[..HeaderSize].CopyTo(associated);
        BinaryPrimitives.WriteInt64BigEndian(associated.Slice(HeaderSize, 8), index);
        associated[HeaderSize + 8] = last ? (byte)1 : (byte)0;
    }
}
