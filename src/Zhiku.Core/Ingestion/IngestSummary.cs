namespace Zhiku.Core.Ingestion;

/// <summary>The result of an ingest run.</summary>
/// <param name="Files">What happened to each file.</param>
/// <param name="Elapsed">The whole run (reading, parsing, chunking, storing and indexing; not embedding).</param>
public sealed record IngestSummary(IReadOnlyList<FileOutcome> Files, TimeSpan Elapsed)
{
    /// <summary>The part of <see cref="Elapsed"/> spent writing and committing the full-text index.</summary>
    public TimeSpan IndexElapsed { get; init; }

    /// <summary>The rest of <see cref="Elapsed"/>: reading, parsing, chunking and storing the files.</summary>
    public TimeSpan ParseElapsed => Elapsed - IndexElapsed;

    public int Ingested => Files.Count(f => f.Status == FileStatus.Ingested);

    public int Unchanged => Files.Count(f => f.Status == FileStatus.Unchanged);

    public int Skipped => Files.Count(f => f.Status == FileStatus.Skipped);

    public int Failed => Files.Count(f => f.Status == FileStatus.Failed);

    public int Removed => Files.Count(f => f.Status == FileStatus.Removed);

    public int Quarantined => Files.Count(f => f.Status == FileStatus.Quarantined);

    public int Chunks => Files.Sum(f => f.Chunks);

    public long Bytes => Files.Where(f => f.Status == FileStatus.Ingested).Sum(f => f.Bytes);
}
