using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Zhiku.Server.Services;

/// <summary>
/// The ids the server shows for documents and chunks: a keyed permutation of the stored row ids (a four-round
/// Feistel network over 52 bits with HMAC-SHA256 rounds, keyed per store and per knowledge base), so they stay
/// plain JSON numbers that every client already handles, map back without a lookup table, and are neither
/// sequential nor tell how many documents exist or are hidden. The key lives in <c>STORE/keys/public-ids.key</c>, or,
/// with PostgreSQL, in the database's shared keys, so every node shows and accepts the same ids.
/// The CLI, which runs with the whole store, keeps showing the stored ids.
/// </summary>
public sealed class PublicIds
{
    private const int HalfBits = 26;
    private const long HalfMask = (1L << HalfBits) - 1;
    private const long Domain = 1L << (2 * HalfBits);
    private const int Rounds = 4;
    private readonly byte[] _key;

    public PublicIds(string keysFolder)
    {
        _key = LoadOrCreateKey(Path.Combine(keysFolder, "public-ids.key"));
    }

    private PublicIds(byte[] key)
    {
        _key = key.Length == 32
            ? key
            : throw new InvalidOperationException("the shared secret 'public-ids' is not a 32-byte key; restore it from a backup / 共享密钥损坏");
    }

    /// <summary>The ids of the nodes sharing <paramref name="keys"/>: the first node to start creates the key.</summary>
    public static PublicIds Shared(Zhiku.Core.Storage.ISharedKeyStore keys) =>
        new(keys.GetOrCreateSecret("public-ids", () => RandomNumberGenerator.GetBytes(32)));

    /// <summary>The public id of a document.</summary>
    public long Document(long kbId, long id) => Encrypt('d', kbId, id);

    /// <summary>The stored id behind a public document id, or null when it cannot be one.</summary>
    public long? DocumentFromPublic(long kbId, long publicId) => publicId is < 0 or >= Domain ? null : Decrypt('d', kbId, publicId);

    /// <summary>The public id of a chunk.</summary>
    public long Chunk(long kbId, long id) => Encrypt('c', kbId, id);

    private long Encrypt(char kind, long kbId, long id)
    {
        if (id is < 0 or >= Domain)
        {
            throw new ArgumentOutOfRangeException(nameof(id), "row ids above 2^52 have no public id");
        }

        long left = id >> HalfBits;
        long right = id & HalfMask;
        for (int round = 0; round < Rounds; round++)
        {
            (left, right) = (right, left ^ Round(kind, kbId, round, right));
        }

        return (left << HalfBits) | right;
    }

    private long Decrypt(char kind, long kbId, long publicId)
    {
        long left = publicId >> HalfBits;
        long right = publicId & HalfMask;
        for (int round = Rounds - 1; round >= 0; round--)
        {
            (left, right) = (right ^ Round(kind, kbId, round, left), left);
        }

        return (left << HalfBits) | right;
    }

    private long Round(char kind, long kbId, int round, long half)
    {
        Span<byte> input = stackalloc byte[1 + 8 + 1 + 8];
        input[0] = (byte)kind;
        BinaryPrimitives.WriteInt64LittleEndian(input[1..], kbId);
        input[9] = (byte)round;
        BinaryPrimitives.WriteInt64LittleEndian(input[10..], half);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, input, mac);
        return BinaryPrimitives.ReadInt64LittleEndian(mac) & HalfMask;
    }

    private static byte[] LoadOrCreateKey(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            string temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temporary, RandomNumberGenerator.GetBytes(32));
            try
            {
                // Two processes starting at once: the first key written wins, the other process reads it.
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }

        byte[] stored = File.ReadAllBytes(path);
        return stored.Length == 32
            ? stored
            : throw new InvalidOperationException($"{path}: expected a 32-byte key; restore it from a backup or delete it (document links change) / 密钥文件损坏");
    }
}
