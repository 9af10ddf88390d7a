namespace Zhiku.Core.Storage;

/// <summary>
/// The original files behind uploaded documents, by key (<see cref="OriginalKeys"/>: <c>files/KB/RANDOM/NAME</c> for a
/// document's original, <c>uploads/staging/ID.EXT</c> for an upload waiting for its job): the bytes as uploaded, kept so
/// any node can ingest, re-index and serve them. The embedded store keeps them as files under its folder (sealed under
/// the store key when it has one); PostgreSQL in a table, so every node sees the same ones. Content is streamed both
/// ways: no implementation holds a whole file in memory.
/// </summary>
public interface IOriginalFileStore
{
    /// <summary>What the source path of a document ingested from a stored original starts with: the source path is
    /// this followed by the key (<see cref="OriginalKeys.SourcePathOf"/>).</summary>
    string SourceRoot { get; }

    /// <summary>Streams <paramref name="content"/> to the end and stores it under <paramref name="key"/>, replacing what
    /// was there. Atomic: until the last byte is stored nothing changes, and a put that fails, is cancelled or runs over
    /// <paramref name="maxBytes"/> leaves nothing behind (the previous original, if any, stays as it was).</summary>
    /// <returns>The bytes stored; null when the content is longer than <paramref name="maxBytes"/> (nothing stored).</returns>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.Unavailable"/>: the store cannot be written now.</exception>
    /// <exception cref="ArgumentException">The key is not a valid key.</exception>
    /// <exception cref="IOException">Reading <paramref name="content"/> failed (a broken upload); nothing is stored.</exception>
    Task<long?> PutAsync(string key, Stream content, long maxBytes, CancellationToken cancellationToken = default);

    /// <summary>Opens an original for reading: seekable, <see cref="Stream.Length"/> is its length, read in pieces as the
    /// caller reads. Null when there is none under <paramref name="key"/>.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.Unavailable"/>: the store cannot be read now.</exception>
    /// <exception cref="InvalidDataException">The stored original is damaged (it fails its integrity check).</exception>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Whether an original is stored under <paramref name="key"/>.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.Unavailable"/>: the store cannot be read now.</exception>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Moves an original to another key in one step, replacing what was there (a staged upload becoming a
    /// document's original); false when nothing is stored under <paramref name="fromKey"/>.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.Unavailable"/>: the store cannot be written now.</exception>
    Task<bool> MoveAsync(string fromKey, string toKey, CancellationToken cancellationToken = default);

    /// <summary>Removes an original; false when there was none (idempotent).</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.Unavailable"/>: the store cannot be written now.</exception>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Removes every original whose key starts with <paramref name="folder"/> and '/' (a deleted knowledge
    /// base's <see cref="OriginalKeys.Folder"/>).</summary>
    /// <returns>How many were removed.</returns>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.Unavailable"/>: the store cannot be written now.</exception>
    Task<int> DeleteFolderAsync(string folder, CancellationToken cancellationToken = default);
}
