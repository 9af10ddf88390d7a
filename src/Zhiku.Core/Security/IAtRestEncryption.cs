using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Zhiku.Core.Security;

/// <summary>
/// How a store writes files derived from documents (index files, vectors, uploaded originals): sealed under the
/// store key when one is configured (<see cref="KeyedEncryption"/>), as they are otherwise (<see cref="PlainStorage"/>).
/// The store and the indexes reach encryption only through this contract.
/// </summary>
public interface IAtRestEncryption
{
    /// <summary>True when files are written encrypted.</summary>
    bool IsEnabled { get; }

    /// <summary>Creates (or replaces) a file and returns a stream that stores what is written to it.</summary>
    /// <exception cref="IOException">The file cannot be created.</exception>
    Stream Create(string path);

    /// <summary>Opens a file this store wrote for reading (seekable; <see cref="Stream.Length"/> is the plaintext length).</summary>
    /// <exception cref="ZhikuException">The file is encrypted and no key, or another key, is configured.</exception>
    /// <exception cref="InvalidDataException">The file is damaged (an encrypted block fails its integrity check).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    Stream OpenRead(string path);

    /// <summary>A source file (an original to ingest or download): decrypted when this key sealed it (an upload the
    /// server stored), else the bytes as they are (a user's own file, even one that happens to look encrypted).
    /// Seekable; <see cref="Stream.Length"/> is the plaintext length.</summary>
    /// <exception cref="InvalidDataException">An upload sealed by this key is damaged.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    Stream OpenSource(string path);

    /// <summary>All of <see cref="OpenSource"/>, for ingestion.</summary>
    /// <exception cref="InvalidDataException">An upload sealed by this key is damaged.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    Task<byte[]> ReadSourceAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>The Lucene directory to use over <paramref name="directory"/> (itself when not encrypting).</summary>
    LuceneDirectory WrapIndexDirectory(LuceneDirectory directory);
}
