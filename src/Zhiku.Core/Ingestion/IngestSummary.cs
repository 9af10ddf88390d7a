namespace Zhiku.Core.Ingestion;

/// <summary>The result of an ingest run.</summary>
public sealed record IngestSummary(IReadOnlyList<FileOutcome> Files, TimeSpan Elapsed)
{
    public int Ingested => Files.Count(f => f.Status == FileStatus.Ingested);

    public int Unchanged => Files.Count(f => f.Status == FileStatus.Unchanged);

    public int Skipped => Files.Count(f => f.Status == FileStatus.Skipped);

    public int Failed => Files.Count(f => f.Status == FileStatus.Failed);

    public int Removed => Files.Count(f => f.Status == FileStatus.Removed);

    public int Quarantined => Files.Count(f => f.Status == FileStatus.Quarantined);

    public int Chunks => Files.Sum(f => f.Chunks);

    public long Bytes => Files.Where(f => f.Status == FileStatus.Ingested).Sum(f => f.Bytes);
}
