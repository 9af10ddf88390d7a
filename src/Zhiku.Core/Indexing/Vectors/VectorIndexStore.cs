namespace Zhiku.Core.Indexing.Vectors;

/// <summary>Opens a saved vector index folder, refusing one that holds another model's vectors.</summary>
public static class VectorIndexStore
{
    /// <summary>
    /// Loads the index saved in <paramref name="folder"/>, or returns null when nothing was saved there.
    /// </summary>
    /// <param name="folder">Folder written by <see cref="IVectorIndex.SaveAsync"/>.</param>
    /// <param name="expected">The space the caller's embedding model produces.</param>
    /// <param name="options">Tuning for an HNSW index (search expansion).</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <exception cref="VectorSpaceMismatchException">The folder holds vectors of another model or dimension.</exception>
    /// <exception cref="ZhikuException">The files are damaged or from a newer format.</exception>
    public static async Task<IVectorIndex?> LoadAsync(string folder, VectorSpace expected,
        VectorIndexOptions? options = null, CancellationToken cancellationToken = default)
    {
        var manifest = await VectorIndexManifest.ReadAsync(folder, cancellationToken).ConfigureAwait(false);
        if (manifest is null)
        {
            return null;
        }

        manifest.Space.EnsureSame(expected);
        return manifest.Engine switch
        {
            VectorIndexManifest.ExactEngine => ExactVectorIndex.Load(folder, manifest.Space, (options ?? VectorIndexOptions.Default).Files),
            VectorIndexManifest.HnswEngine => HnswVectorIndex.Load(folder, manifest.Space, options),
            _ => throw VectorIndexManifest.Corrupt(Path.Combine(folder, VectorIndexManifest.FileName), $"unknown engine \"{manifest.Engine}\"", null),
        };
    }

    /// <summary>The space recorded in <paramref name="folder"/>, or null when nothing was saved there.</summary>
    public static async Task<VectorSpace?> ReadSpaceAsync(string folder, CancellationToken cancellationToken = default) =>
        (await VectorIndexManifest.ReadAsync(folder, cancellationToken).ConfigureAwait(false))?.Space;

    internal static void DeleteOtherEngineFiles(string folder, string engine)
    {
        string other = Path.Combine(folder, engine == VectorIndexManifest.ExactEngine ? HnswVectorIndex.DataFile : ExactVectorIndex.DataFile);
        if (File.Exists(other))
        {
            File.Delete(other);
        }
    }
}
