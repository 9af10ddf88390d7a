using System.Diagnostics;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Ingestion;

// Ingesting an upload the server kept in the store's originals (IOriginalFileStore) instead of a file on this machine.
public sealed partial class Ingestor
{
    /// <summary>Ingests the stored original under <paramref name="key"/> (an upload the server kept) as the documents of
    /// its source path (<see cref="OriginalKeys.SourcePathOf"/>), as <see cref="IngestAsync"/> ingests one file: the same
    /// checks, hash, quarantine and one store transaction, then the indexes (also when cancelled).</summary>
    /// <exception cref="ZhikuException">As <see cref="IOriginalFileStore.OpenReadAsync"/>.</exception>
    public async Task<IngestSummary> IngestOriginalAsync(IOriginalFileStore originals, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(originals);
        string path = OriginalKeys.SourcePathOf(originals, key);
        var clock = Stopwatch.StartNew();
        var indexing = new Stopwatch();
        FileOutcome outcome;
        try
        {
            outcome = await ReadOriginalAsync(originals, key, path, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            indexing.Start();
            await _kb.Synchronizer.ApplyBacklogAsync(CancellationToken.None).ConfigureAwait(false);
            indexing.Stop();
        }

        return new IngestSummary([outcome], clock.Elapsed) { IndexElapsed = indexing.Elapsed };
    }

    private async Task<FileOutcome> ReadOriginalAsync(IOriginalFileStore originals, string key, string path, CancellationToken cancellationToken)
    {
        string name = OriginalKeys.FileName(key);
        if (!_reader.CanRead(name))
        {
            return new FileOutcome(path, FileStatus.Skipped, $"unsupported format '{Path.GetExtension(name).ToLowerInvariant()}' / 不支持的格式", 0, 0, 0);
        }

        byte[] bytes;
        await using (Stream? stream = await originals.OpenReadAsync(key, cancellationToken).ConfigureAwait(false))
        {
            if (stream is null)
            {
                return new FileOutcome(path, FileStatus.Failed, "the file is no longer on the server; upload it again / 文件已不在服务器上，请重新上传", 0, 0, 0);
            }

            if (stream.Length > _options.MaxFileBytes)
            {
                return new FileOutcome(path, FileStatus.Skipped,
                    $"file is {stream.Length / 1048576.0:F1} MB, over the {_options.MaxFileBytes / 1048576.0:F0} MB limit per file (raise the size limit to ingest it) / 文件超过大小上限",
                    0, 0, stream.Length, FileRemedy.RaiseSizeLimit);
            }

            try
            {
                bytes = new byte[stream.Length];
                await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException)
            {
                return new FileOutcome(path, FileStatus.Failed, $"cannot read the file: {ex.Message} / 无法读取文件", 0, 0, stream.Length);
            }
        }

        return await IngestContentAsync(path, name, bytes, cancellationToken).ConfigureAwait(false);
    }
}
