using Zhiku.Core.Security;

namespace Zhiku.Core.Storage.Files;

/// <summary>
/// The embedded store's originals: a file per key under the store folder (<c>files/KB/RANDOM/NAME</c>,
/// <c>uploads/staging/…</c>, the layout stores have always had), written through the store's
/// <see cref="IAtRestEncryption"/> (sealed under the key when there is one) and read back through its source rule
/// (an original sealed by this key is decrypted, any other file is read as it is). A put streams into a temporary file
/// beside the target and renames it over the target at the end.
/// </summary>
public sealed class FileOriginalStore : IOriginalFileStore
{
    private readonly string _root;
    private readonly IAtRestEncryption _encryption;

    /// <summary>Originals under <paramref name="root"/> (the store folder), written through <paramref name="encryption"/>.</summary>
    public FileOriginalStore(string root, IAtRestEncryption encryption)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(encryption);
        _root = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        _encryption = encryption;
        SourceRoot = _root + Path.DirectorySeparatorChar;
    }

    /// <inheritdoc/>
    public string SourceRoot { get; }

    /// <inheritdoc/>
    public async Task<long?> PutAsync(string key, Stream content, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        string path = PathOf(key);
        string folder = Path.GetDirectoryName(path)!;
        string? created = FirstMissingFolder(folder);
        string temp = path + "." + Guid.NewGuid().ToString("N") + ".part";
        bool stored = false;
        bool contentFailed = false;
        try
        {
            Directory.CreateDirectory(folder);
            long size = 0;
            byte[] buffer = new byte[81920];
            await using (Stream output = _encryption.Create(temp))
            {
                while (true)
                {
                    int read;
                    try
                    {
                        read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                    }
                    catch (IOException)
                    {
                        contentFailed = true;
                        throw;
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    size += read;
                    if (size > maxBytes)
                    {
                        return null;
                    }

                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }

            File.Move(temp, path, overwrite: true);
            stored = true;
            return size;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException || (ex is IOException && !contentFailed))
        {
            throw Unavailable(key, ex);
        }
        finally
        {
            if (!stored)
            {
                // A broken, cancelled or too-large upload leaves nothing behind, not even the folders it made.
                TryDelete(temp);
                if (created is not null)
                {
                    RemoveEmptyFolders(folder, created);
                }
            }
        }
    }

    /// <inheritdoc/>
    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        string path = PathOf(key);
        try
        {
            return Task.FromResult<Stream?>(_encryption.OpenSource(path));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unavailable(key, ex);
        }
    }

    /// <inheritdoc/>
    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => Task.FromResult(File.Exists(PathOf(key)));

    /// <inheritdoc/>
    public Task<bool> MoveAsync(string fromKey, string toKey, CancellationToken cancellationToken = default)
    {
        string source = PathOf(fromKey);
        string target = PathOf(toKey);
        if (!File.Exists(source))
        {
            return Task.FromResult(false);
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(source, target, overwrite: true);
            return Task.FromResult(true);
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unavailable(fromKey, ex);
        }
    }

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        string path = PathOf(key);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        try
        {
            File.Delete(path);
            // The original's own folder (files/KB/RANDOM) goes with its last file; shared folders stay.
            string folder = Path.GetDirectoryName(path)!;
            if (key.Count(c => c == '/') > 2 && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }

            return Task.FromResult(true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unavailable(key, ex);
        }
    }

    /// <inheritdoc/>
    public Task<int> DeleteFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        string path = PathOf(folder);
        if (!Directory.Exists(path))
        {
            return Task.FromResult(0);
        }

        try
        {
            int count = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Count();
            Directory.Delete(path, recursive: true);
            return Task.FromResult(count);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unavailable(folder, ex);
        }
    }

    private string PathOf(string key)
    {
        string path = Path.GetFullPath(Path.Combine(_root, OriginalKeys.Check(key).Replace('/', Path.DirectorySeparatorChar)));
        return path.StartsWith(SourceRoot, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException($"'{key}' is outside the store", nameof(key));
    }

    /// <summary>The outermost folder of <paramref name="folder"/> that does not exist yet (null when it exists).</summary>
    private string? FirstMissingFolder(string folder)
    {
        string? missing = null;
        for (string? f = folder; f is not null && f.Length > _root.Length && !Directory.Exists(f); f = Path.GetDirectoryName(f))
        {
            missing = f;
        }

        return missing;
    }

    private static void RemoveEmptyFolders(string folder, string outermost)
    {
        for (string? f = folder; f is not null && f.Length >= outermost.Length; f = Path.GetDirectoryName(f))
        {
            try
            {
                if (Directory.Exists(f) && !Directory.EnumerateFileSystemEntries(f).Any())
                {
                    Directory.Delete(f);
                }
            }
            catch (IOException)
            {
                // Another upload is using it now.
                return;
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    private ZhikuException Unavailable(string key, Exception ex) =>
        ZhikuException.Unavailable($"the original file {key} could not be read or written in {_root}: {ex.Message} / 原始文件无法读写", key, ex);
}
