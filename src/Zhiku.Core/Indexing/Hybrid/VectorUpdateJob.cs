using System.Diagnostics;
using Microsoft.Extensions.AI;
using Zhiku.Core.Indexing.Embeddings;
using Zhiku.Core.Indexing.Vectors;
using Zhiku.Core.Security;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Indexing.Hybrid;

/// <summary>One run of <see cref="KnowledgeBaseVectors.UpdateAsync"/>: brings a vector folder in line with the store.</summary>
internal sealed class VectorUpdateJob(
    IChunkStore chunkStore, IAtRestEncryption files, long kbId, IEmbeddingGenerator<string, Embedding<float>> generator, string modelId,
    IReadOnlyList<string> languages, IProgress<VectorUpdateProgress>? progress)
{
    /// <summary>Chunks read from the store and handed to the model at once (the model batches further inside).</summary>
    private const int Batch = 64;

    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(30);

    /// <summary>The vectors the system of record keeps (PostgreSQL): what it has is taken instead of embedded, and what
    /// is embedded is recorded there; null when the folder is the only copy.</summary>
    public IVectorStore? Stored { get; init; }

    /// <param name="target">The folder to bring up to date.</param>
    /// <param name="current">The loaded index of <paramref name="target"/>, or null to open (or start) it.</param>
    /// <param name="complete">Called with the index and the skipped chunks once every chunk has a vector (or is skipped) and it is saved.</param>
    /// <param name="cancellationToken">Stops the run; what was embedded is saved first.</param>
    public async Task<VectorUpdateResult> RunAsync(string target, AdaptiveVectorIndex? current, Action<AdaptiveVectorIndex, SkippedChunks> complete,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<long> ids = await chunkStore.ListIdsAsync(kbId, cancellationToken).ConfigureAwait(false);
        AdaptiveVectorIndex? index = current ?? await OpenAsync(target, generator.Describe().Dimensions, cancellationToken).ConfigureAwait(false);
        var wanted = new HashSet<long>(ids);
        SkippedChunks skipped = SkippedChunks.Load(target, SkippedChunks.Key(languages));
        int removed = skipped.Ids.RemoveWhere(id => !wanted.Contains(id));
        if (index is not null)
        {
            foreach (long stale in index.ChunkIds().Where(id => !wanted.Contains(id)).ToList())
            {
                removed += index.Remove(stale) ? 1 : 0;
            }
        }

        List<long> missing = ids.Where(id => !skipped.Ids.Contains(id) && index?.Contains(id) != true).ToList();
        int done = 0;
        int skippedNow = 0;
        int embedded = 0;
        int loaded = 0;
        string languageKey = SkippedChunks.Key(languages);
        bool dirty = removed > 0;
        var lastSave = Stopwatch.StartNew();
        progress?.Report(new VectorUpdateProgress(0, missing.Count, clock.Elapsed, modelId));
        try
        {
            foreach (long[] batch in missing.Chunk(Batch))
            {
                cancellationToken.ThrowIfCancellationRequested();
                IReadOnlyCollection<long> toEmbed = batch;
                if (Stored is not null)
                {
                    // Another node (or a copy of the store) may have embedded these already.
                    IReadOnlyList<StoredVector> recorded = await Stored.ReadAsync(kbId, modelId, languageKey, batch, cancellationToken).ConfigureAwait(false);
                    List<StoredVector> found = recorded.Where(v => !v.Skipped && (index is null || v.Vector!.Value.Length == index.Space.Dimensions)).ToList();
                    if (found.Count > 0)
                    {
                        index ??= new AdaptiveVectorIndex(new VectorSpace(modelId, found[0].Vector!.Value.Length), Options);
                        index.Upsert(found.Select(v => v.ChunkId).ToList(), found.Select(v => v.Vector!.Value).ToList());
                    }

                    skipped.Ids.UnionWith(recorded.Where(v => v.Skipped).Select(v => v.ChunkId));
                    var taken = new HashSet<long>(found.Select(v => v.ChunkId).Concat(recorded.Where(v => v.Skipped).Select(v => v.ChunkId)));
                    loaded += taken.Count;
                    toEmbed = batch.Where(id => !taken.Contains(id)).ToList();
                }

                var chunks = new List<ChunkRecord>(toEmbed.Count);
                var newlySkipped = new List<StoredVector>();
                foreach (ChunkRecord chunk in toEmbed.Count == 0 ? [] : await chunkStore.GetAsync([.. toEmbed], cancellationToken).ConfigureAwait(false))
                {
                    if (LanguageCoverage.Share(chunk.Text, languages) < SkippedChunks.MinCoverage)
                    {
                        skipped.Ids.Add(chunk.Id);
                        newlySkipped.Add(new StoredVector(chunk.Id, null));
                        skippedNow++;
                    }
                    else
                    {
                        chunks.Add(chunk);
                    }
                }

                var record = new List<StoredVector>(newlySkipped);
                if (chunks.Count > 0)
                {
                    IReadOnlyList<ReadOnlyMemory<float>> vectors = await generator.EmbedDocumentsAsync(
                        chunks.Select(PassageText).ToList(), cancellationToken).ConfigureAwait(false);
                    index ??= new AdaptiveVectorIndex(new VectorSpace(modelId, vectors[0].Length), Options);
                    index.Upsert(chunks.Select(c => c.Id).ToList(), vectors);
                    embedded += chunks.Count;
                    record.AddRange(chunks.Select((c, i) => new StoredVector(c.Id, vectors[i])));
                }

                if (Stored is not null && record.Count > 0)
                {
                    await Stored.SaveAsync(kbId, modelId, languageKey, record, cancellationToken).ConfigureAwait(false);
                }

                done += batch.Length;
                dirty = true;
                progress?.Report(new VectorUpdateProgress(done, missing.Count, clock.Elapsed, modelId));
                if (lastSave.Elapsed > CheckpointInterval && index is not null)
                {
                    await SaveAsync(index, skipped, target, cancellationToken).ConfigureAwait(false);
                    dirty = false;
                    lastSave.Restart();
                }
            }
        }
        finally
        {
            if (dirty && index is not null)
            {
                // A checkpoint even when cancelled: the next run resumes from here.
                await SaveAsync(index, skipped, target, CancellationToken.None).ConfigureAwait(false);
            }
        }

        if (index is not null)
        {
            if (!dirty && !Directory.Exists(target))
            {
                await SaveAsync(index, skipped, target, cancellationToken).ConfigureAwait(false);
            }

            complete(index, skipped);
        }

        return new VectorUpdateResult(modelId, embedded, removed, false, clock.Elapsed) { Skipped = skippedNow, Loaded = loaded };
    }

    private static async Task SaveAsync(AdaptiveVectorIndex index, SkippedChunks skipped, string target, CancellationToken cancellationToken)
    {
        // The skip list first: a crash between the two leaves chunks listed as skipped that are also embedded, harmless.
        skipped.Save(target);
        await index.SaveAsync(target, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the model reads for a chunk: its title and heading give the passage its topic.</summary>
    internal static string PassageText(ChunkRecord chunk)
    {
        string heading = string.IsNullOrEmpty(chunk.HeadingPath) || chunk.HeadingPath == chunk.Title ? "" : " › " + chunk.HeadingPath;
        return chunk.Title + heading + "\n" + chunk.Text;
    }

    // Vector files are written under the store's encryption: embeddings can be inverted to their text.
    private VectorIndexOptions Options => new() { Files = files };

    /// <summary>Opens the saved vectors of this model in <paramref name="target"/>; another model's leftovers there are discarded.</summary>
    private async Task<AdaptiveVectorIndex?> OpenAsync(string target, int? dimensions, CancellationToken cancellationToken)
    {
        VectorSpace? saved;
        try
        {
            saved = await VectorIndexStore.ReadSpaceAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch (ZhikuException ex) when (ex.Kind == ErrorKind.InvalidInput)
        {
            saved = null; // damaged: start again, the store has the text
        }

        if (saved is not null && saved.ModelId == modelId && (dimensions is null || dimensions == saved.Dimensions))
        {
            try
            {
                return await AdaptiveVectorIndex.OpenAsync(target, saved, Options, cancellationToken).ConfigureAwait(false);
            }
            catch (ZhikuException ex) when (ex.Kind == ErrorKind.InvalidInput)
            {
                // damaged files: rebuilt below
            }
        }

        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        return dimensions is { } d ? new AdaptiveVectorIndex(new VectorSpace(modelId, d), Options) : null;
    }
}
