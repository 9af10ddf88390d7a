using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Zhiku.Core.Security;

/// <summary>
/// A key is configured: every file is written as authenticated AES-256-GCM blocks (<see cref="BlockFormat"/>)
/// under a key derived from the store key. Files without the format's header were written before the store had
/// a key and are read as they are.
/// </summary>
public sealed class KeyedEncryption : IAtRestEncryption
{
    private readonly BlockKey _key;

    /// <summary>Encryption under <paramref name="key"/>.</summary>
    public KeyedEncryption(EncryptionKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = new BlockKey(key);
    }

    public bool IsEnabled => true;

    public Stream Create(string path) =>
        new EncryptingWriteStream(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16), _key);

    public Stream OpenRead(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            byte[] header = new byte[BlockFormat.HeaderSize];
            int read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            if (read < header.Length || !BlockFormat.HasMagic(header))
            {
                stream.Position = 0;
                return stream;
            }

            return new DecryptingReadStream(stream, SealedFile.Open(header, stream.Length, _key, path));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public Stream OpenSource(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            byte[] header = new byte[BlockFormat.HeaderSize];
            int read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            if (read < header.Length || !BlockFormat.HasMagic(header) || !header.AsSpan(4, BlockFormat.KeyIdSize).SequenceEqual(_key.KeyId))
            {
                stream.Position = 0;
                return stream;
            }

            return new DecryptingReadStream(stream, SealedFile.Open(header, stream.Length, _key, path));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public async Task<byte[]> ReadSourceAsync(string path, CancellationToken cancellationToken = default)
    {
        await using Stream stream = OpenSource(path);
        byte[] bytes = new byte[stream.Length];
        await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    public LuceneDirectory WrapIndexDirectory(LuceneDirectory directory) => new EncryptingDirectory(directory, _key);
}
