namespace Zhiku.Core.Security;

/// <summary>What a reader of one <see cref="BlockFormat"/> file knows: its header, plaintext length and key.
/// Immutable, so clones of a reader share it.</summary>
internal sealed class SealedFile
{
    // Lucene makes many short-lived clones per query (terms, postings, norms), each seeking somewhere else: without
    // a shared cache each would decrypt its blocks again. 128 slots = at most 512 KB of plaintext per open file.
    public const int CacheSlots = 128;

    private readonly byte[] _header;
    private readonly BlockKey _key;
    private readonly CachedBlock?[] _cache = new CachedBlock?[CacheSlots];

    private SealedFile(byte[] header, long length, BlockKey key, string name)
    {
        _header = header;
        Length = length;
        _key = key;
        Name = name;
    }

    public long Length { get; }

    public string Name { get; }

    /// <summary>Checks the header and the stored length of a file.</summary>
    /// <exception cref="ZhikuException">Another key wrote it.</exception>
    /// <exception cref="InvalidDataException">It is not this format or was cut short.</exception>
    public static SealedFile Open(byte[] header, long storedLength, BlockKey key, string name)
    {
        BlockFormat.CheckHeader(header, key.KeyId, name);
        long length = BlockFormat.PlainLength(storedLength);
        if (length < 0)
        {
            throw new InvalidDataException($"{name}: encrypted file is truncated ({storedLength} bytes) / 加密文件不完整");
        }

        return new SealedFile(header, length, key, name);
    }

    public long BlockCount => BlockFormat.BlockCount(Length);

    /// <summary>Plaintext bytes in block <paramref name="index"/>.</summary>
    public int BlockLength(long index) => (int)Math.Min(BlockFormat.BlockSize, Length - index * BlockFormat.BlockSize);

    /// <summary>A recently decrypted block shared by every clone of this file's input, or null. Direct-mapped:
    /// <see cref="CacheSlots"/> blocks at most per open file. Entries are immutable, so readers share them
    /// without locks.</summary>
    public byte[]? Cached(long index)
    {
        CachedBlock? entry = Volatile.Read(ref _cache[index & (CacheSlots - 1)]);
        return entry is not null && entry.Index == index ? entry.Data : null;
    }

    /// <summary>Remembers a decrypted block for the other readers of this file.</summary>
    public void Remember(long index, byte[] data) => Volatile.Write(ref _cache[index & (CacheSlots - 1)], new CachedBlock(index, data));

    /// <summary>Decrypts block <paramref name="index"/> from its stored bytes (ciphertext | tag).</summary>
    public void OpenBlock(long index, ReadOnlySpan<byte> stored, Span<byte> plain) =>
        BlockFormat.Open(_key.Cipher, _header, index, index == BlockCount - 1, stored, plain, Name);

    private sealed record CachedBlock(long Index, byte[] Data);
}
