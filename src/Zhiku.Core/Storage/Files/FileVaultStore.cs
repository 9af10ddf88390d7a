using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Zhiku.Core.Storage.Files;

/// <summary>
/// The embedded store's vault: one file per session in a folder (<c>vault/</c> of the store), named by a hash of the
/// session id so ids never reach the file system as paths, holding the blob as it is (the format vaults have always
/// had). A blob's version is taken from its bytes (the vault's encryption makes every save different), and a save
/// compares and replaces under an exclusive lock on <c>vault/.lock</c>, so processes sharing the folder serialize.
/// </summary>
public sealed class FileVaultStore : IVaultStore
{
    private static readonly TimeSpan LockRetry = TimeSpan.FromMilliseconds(20);
    private readonly string _directory;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>A vault in <paramref name="directory"/> (created on the first save).</summary>
    public FileVaultStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = directory;
    }

    /// <inheritdoc/>
    public async Task<VaultBlob?> LoadAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        string path = PathFor(sessionId);
        try
        {
            byte[] blob = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            return new VaultBlob(blob, VersionOf(blob));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unavailable("read", ex);
        }
    }

    /// <inheritdoc/>
    public async Task<long?> SaveAsync(string sessionId, byte[] blob, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        string path = PathFor(sessionId);
        try
        {
            Directory.CreateDirectory(_directory);
            await using (await LockAsync(cancellationToken).ConfigureAwait(false))
            {
                long current = File.Exists(path) ? VersionOf(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false)) : VaultBlob.None;
                if (current != expectedVersion)
                {
                    return null;
                }

                string temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
                try
                {
                    await File.WriteAllBytesAsync(temp, blob, cancellationToken).ConfigureAwait(false);
                    File.Move(temp, path, overwrite: true);
                }
                finally
                {
                    File.Delete(temp);
                }

                return VersionOf(blob);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unavailable("written", ex);
        }
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        string path = PathFor(sessionId);
        if (!Directory.Exists(_directory))
        {
            return false;
        }

        try
        {
            await using (await LockAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!File.Exists(path))
                {
                    return false;
                }

                File.Delete(path);
                return true;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unavailable("written", ex);
        }
    }

    /// <summary>A version from the blob's bytes: the first 8 bytes of its SHA-256, never <see cref="VaultBlob.None"/>.</summary>
    internal static long VersionOf(ReadOnlySpan<byte> blob)
    {
        long version = BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(blob));
        return version == VaultBlob.None ? 1 : version;
    }

    /// <summary>Takes this process's gate, then the folder's lock file (an exclusive lock other processes also see);
    /// disposing the result releases both.</summary>
    private async Task<Held> LockAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        string lockPath = Path.Combine(_directory, ".lock");
        try
        {
            while (true)
            {
                try
                {
                    return new Held(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), _gate);
                }
                catch (IOException) when (File.Exists(lockPath))
                {
                    // Another process holds it for the few milliseconds of its save.
                    await Task.Delay(LockRetry, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    private sealed class Held(FileStream lockFile, SemaphoreSlim gate) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await lockFile.DisposeAsync().ConfigureAwait(false);
            gate.Release();
        }
    }

    private string PathFor(string sessionId) => Path.Combine(_directory, VaultSessionKey.Of(sessionId) + ".vault");

    private ZhikuException Unavailable(string verb, Exception ex) =>
        ZhikuException.Unavailable($"the pseudonym vault in {_directory} could not be {verb}: {ex.Message} / 映射库无法读写", _directory, ex);
}
