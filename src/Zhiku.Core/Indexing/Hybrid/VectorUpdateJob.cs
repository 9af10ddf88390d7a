using System.Diagnostics;
using Microsoft.Extensions.AI;
using Zhiku.Core.Indexing.Embeddings;
using Zhiku.Core.Indexing.Vectors;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Indexing.Hybrid;

/// <summary>One run of <see cref="KnowledgeBaseVectors.UpdateAsync"/>: brings a vector folder in line with the store.</summary>
internal sealed class VectorUpdateJob(
    MetadataStore metadata, long kbId, IEmbeddingGenerator<string, Embedding<float>> generator, string modelId,
    IProgress<VectorUpdateProgress>? progress)
{
    /// <summary>Chunks read from the store and handed to the model at once (the model batches further inside).</summary>
    private const int Batch = 64;

    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(30);

    /// <param name="target">The folder to bring up to date.</param>
    /// <param name="current">The loaded index of <paramref name="target"/>, or null to open (or start) it.</param>
    /// <param name="complete">Called with the index once every chunk has a vector and it is saved.</param>
    /// <param name="cancellationToken">Stops the run; what was embedded is saved first.</param>
    public async Task<VectorUpdateResult> RunAsync(string target, AdaptiveVectorIndex? current, Action<AdaptiveVectorIndex> complete,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long[] ids = metadata.ListChunkIds(kbId);
        AdaptiveVectorIndex? index = current ?? await OpenAsync(target, generator.Describe().Dimensions, cancellationToken).ConfigureAwait(false);
        var wanted = new HashSet<long>(ids);
        int removed = 0;
        if (index is not null)
        {
            foreach (long stale in index.ChunkIds().Where(id => !wanted.Contains(id)).ToList())
            {
                removed += index.Remove(stale) ? 1 : 0;
            }
        }

        List<long> missing = index is null ? [.. ids] : ids.Where(id => !index.Contains(id)).ToList();
        int done = 0;
        bool dirty = removed > 0;
        var lastSave = Stopwatch.StartNew();
        progress?.Report(new VectorUpdateProgress(0, missing.Count, clock.Elapsed, modelId));
        try
        {
            foreach (long[] batch in missing.Chunk(Batch))
            {
                cancellationToken.ThrowIfCancellationRequested();
                IReadOnlyList<ChunkRecord> chunks = metadata.GetChunks(batch);
                IReadOnlyList<ReadOnlyMemory<float>> vectors = await generator.EmbedDocumentsAsync(
                    chunks.Select(PassageText).ToList(), cancellationToken).ConfigureAwait(false);
                index ??= new AdaptiveVectorIndex(new VectorSpace(modelId, vectors[0].Length));
                index.Upsert(chunks.Select(c => c.Id).ToList(), vectors);
                done += batch.Length;
                dirty = true;
                progress?.Report(new VectorUpdateProgress(done, missing.Count, clock.Elapsed, modelId));
                if (lastSave.Elapsed > CheckpointInterval)
                {
                    await index.SaveAsync(target, cancellationToken).ConfigureAwait(false);
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
                await index.SaveAsync(target, CancellationToken.None).ConfigureAwait(false);
            }
        }

        if (index is not null)
        {
            if (!dirty && !Directory.Exists(target))
            {
                await index.SaveAsync(target, cancellationToken).ConfigureAwait(false);
            }

            complete(index);
        }

        return new VectorUpdateResult(modelId, done, removed, false, clock.Elapsed);
    }

    /// <summary>What the model reads for a chunk: its title and heading give the passage its topic.</summary>
    internal static string PassageText(ChunkRecord chunk)
    {
        string heading = string.IsNullOrEmpty(chunk.HeadingPath) || chunk.HeadingPath == chunk.Title ? "" : " › " + chunk.HeadingPath;
        return chunk.Title + heading + "\n" + chunk.Text;
    }

    /// <summary>Opens the saved vectors of this model in <paramref name="target"/>; another model's leftovers there are discarded.</summary>
    private async Task<AdaptiveVectorIndex?> OpenAsync(string target, int? dimensions, CancellationToken cancellationToken)
    {
        VectorSpace? saved;
        try
        {
            saved = await VectorIndexStore.ReadSpaceAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch (UserInputException)
        {
            saved = null; // damaged: start again, the store has the text
        }

        if (saved is not null && saved.ModelId == modelId && (dimensions is null || dimensions == saved.Dimensions))
        {
            try
            {
                return await AdaptiveVectorIndex.OpenAsync(target, saved, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (UserInputException)
            {
                // damaged files: rebuilt below
            }
        }

        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        return dimensions is { } d ? new AdaptiveVectorIndex(new VectorSpace(modelId, d)) : null;
    }
}
