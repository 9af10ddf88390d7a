using Zhiku.Core.Indexing.Hybrid;
using Zhiku.Core.Indexing.Vectors;
using Zhiku.Core.Security;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Copy;
using Zhiku.Core.Storage.Postgres;

namespace Zhiku.Core;

/// <summary>
/// Moves an embedded store into PostgreSQL (<c>zhiku db copy</c>): its tables and vault through
/// <see cref="EmbeddedStoreCopy"/>, and each knowledge base's vectors read from its <c>vectors</c> folder (through the
/// store key when it has one), so the PostgreSQL nodes load them instead of embedding every chunk again.
/// </summary>
public static class StoreCopy
{
    /// <summary>Copies the store in <paramref name="root"/> into <paramref name="target"/> and checks every table.</summary>
    /// <exception cref="ZhikuException">As <see cref="EmbeddedStoreCopy.RunAsync"/>, or as
    /// <see cref="PostgresDatabase.OpenAsync(DatabaseUrl, EncryptionKey?, CancellationToken)"/> for the database.</exception>
    public static async Task<IReadOnlyList<CopyCheck>> RunAsync(string root, DatabaseUrl target, EncryptionKey? key, IProgress<CopyProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var layout = new StoreLayout(root);
        // The store is checked first: a wrong key must not be recorded in the database.
        await EmbeddedStoreCopy.CheckSourceAsync(layout, key, cancellationToken).ConfigureAwait(false);
        await using PostgresDatabase database = await PostgresDatabase.OpenAsync(target, key, cancellationToken).ConfigureAwait(false);
        IAtRestEncryption files = key is null ? PlainStorage.Instance : new KeyedEncryption(key);
        var copy = new EmbeddedStoreCopy(layout, key, database, (kbId, token) => ExportVectorsAsync(layout, files, kbId, token), progress);
        return await copy.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The vectors saved in a knowledge base's <c>vectors</c> folder (null when it has none), with the chunks
    /// that were skipped for their language.</summary>
    internal static async Task<VectorExport?> ExportVectorsAsync(StoreLayout layout, IAtRestEncryption files, long kbId, CancellationToken cancellationToken)
    {
        string folder = layout.VectorsFolder(kbId);
        VectorSpace? space = await VectorIndexStore.ReadSpaceAsync(folder, cancellationToken).ConfigureAwait(false);
        if (space is null)
        {
            return null;
        }

        using AdaptiveVectorIndex index = await AdaptiveVectorIndex.OpenAsync(folder, space, new VectorIndexOptions { Files = files }, cancellationToken)
            .ConfigureAwait(false);
        SkippedChunks skipped = SkippedChunks.LoadAsSaved(folder);
        var vectors = index.Export().Select(v => new StoredVector(v.ChunkId, v.Vector)).ToList();
        // A chunk both embedded and listed as skipped (a crash between the two saves) counts as embedded.
        vectors.AddRange(skipped.Ids.Where(id => !index.Contains(id)).Order().Select(id => new StoredVector(id, null)));
        return new VectorExport(space.ModelId, skipped.Languages, vectors);
    }
}
