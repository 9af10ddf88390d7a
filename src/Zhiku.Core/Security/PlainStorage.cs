using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Zhiku.Core.Security;

/// <summary>No key configured: files are written and read as they are, exactly as before encryption existed.
/// A file that turns out to be encrypted is reported with the variable to set, not read as garbage.</summary>
public sealed class PlainStorage : IAtRestEncryption
{
    /// <summary>The one instance.</summary>
    public static PlainStorage Instance { get; } = new();

    private PlainStorage()
    {
    }

    public bool IsEnabled => false;

    public Stream Create(string path) => new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);

    public Stream OpenRead(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> start = stackalloc byte[BlockFormat.HeaderSize];
        int read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        if (read == start.Length && BlockFormat.HasMagic(start))
        {
            stream.Dispose();
            throw ZhikuException.Forbidden(
                $"{path} is encrypted (key id {Convert.ToHexStringLower(start.Slice(4, BlockFormat.KeyIdSize))}); set {EncryptionKey.KeyVariable} or {EncryptionKey.KeyFileVariable} to the store's key / 文件已加密，请设置密钥");
        }

        stream.Position = 0;
        return stream;
    }

    public Stream OpenSource(string path) => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);

    public Task<byte[]> ReadSourceAsync(string path, CancellationToken cancellationToken = default) => File.ReadAllBytesAsync(path, cancellationToken);

    public LuceneDirectory WrapIndexDirectory(LuceneDirectory directory) => directory;
}
