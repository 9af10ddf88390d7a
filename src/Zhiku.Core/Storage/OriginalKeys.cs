using System.Globalization;
using System.Security.Cryptography;

namespace Zhiku.Core.Storage;

/// <summary>
/// The keys of <see cref="IOriginalFileStore"/>: relative, '/'-separated, every part non-empty and neither "." nor "..",
/// so a key never leaves the store. Keys are made here, never taken from an uploader; a file name part is the upload's
/// name made safe by the server. In the embedded store a key is the file's path under the store folder, so the source
/// paths documents recorded before the interface are the same.
/// </summary>
public static class OriginalKeys
{
    /// <summary>Where a knowledge base's originals are: every key of its documents' originals starts with this and '/'.</summary>
    public static string Folder(long kbId) => "files/" + kbId.ToString(CultureInfo.InvariantCulture);

    /// <summary>A new original's key in a folder of its own, so two uploads of one name never meet.</summary>
    /// <param name="kbId">The knowledge base.</param>
    /// <param name="safeFileName">A file name without folders or characters unsafe in paths.</param>
    public static string New(long kbId, string safeFileName) =>
        Check($"{Folder(kbId)}/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}/{safeFileName}");

    /// <summary>A key for an upload waiting for its job (<paramref name="extension"/> with its dot, or empty).</summary>
    public static string Staging(string extension) => Check("uploads/staging/" + Guid.NewGuid().ToString("N") + extension);

    /// <summary>The source path a document ingested from the original under <paramref name="key"/> records.</summary>
    public static string SourcePathOf(IOriginalFileStore store, string key)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.SourceRoot + Check(key);
    }

    /// <summary>The key of the stored original a source path names; null when it names none (a file a user ingested
    /// from their own folder).</summary>
    public static string? KeyOf(IOriginalFileStore store, string? sourcePath)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (sourcePath is null || !sourcePath.StartsWith(store.SourceRoot, StringComparison.Ordinal))
        {
            return null;
        }

        string key = sourcePath[store.SourceRoot.Length..];
        return IsValid(key) ? key : null;
    }

    /// <summary>The file name part of a key.</summary>
    public static string FileName(string key) => Check(key)[(key.LastIndexOf('/') + 1)..];

    /// <summary>Whether <paramref name="key"/> is a valid key.</summary>
    public static bool IsValid(string? key) =>
        !string.IsNullOrEmpty(key) && !key.Contains('\\', StringComparison.Ordinal) && !key.Contains('\0', StringComparison.Ordinal)
        && key.Split('/').All(part => part.Length > 0 && part != "." && part != "..");

    /// <exception cref="ArgumentException">The key is not valid.</exception>
    internal static string Check(string key) =>
        IsValid(key) ? key : throw new ArgumentException($"'{key}' is not an original file key (relative, '/'-separated, no empty, '.' or '..' parts)", nameof(key));
}
