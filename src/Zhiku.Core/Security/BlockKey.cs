using System.Security.Cryptography;
using System.Text;

namespace Zhiku.Core.Security;

/// <summary>
/// The key files are sealed with: derived from the store key with HKDF-SHA256 (its own purpose label, so file
/// blocks and <see cref="TextCipher"/> blobs never share a key), with one AES-GCM instance per thread.
/// </summary>
internal sealed class BlockKey
{
    private readonly byte[] _key;
    private readonly ThreadLocal<AesGcm> _cipher;

    public BlockKey(EncryptionKey key)
    {
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Bytes.ToArray(), EncryptionKey.Size, salt: [], info: Encoding.UTF8.GetBytes("zhiku files v1"));
        KeyId = Convert.FromHexString(key.KeyId);
        _cipher = new ThreadLocal<AesGcm>(() => new AesGcm(_key, BlockFormat.TagSize));
    }

    /// <summary>The store key's public id, written in each file header.</summary>
    public byte[] KeyId { get; }

    /// <summary>This thread's cipher (AesGcm instances are not safe to share between threads).</summary>
    public AesGcm Cipher => _cipher.Value!;
}
