namespace Zhiku.Core.Ingestion;

/// <summary>Progress of an ingest run, reported after each file.</summary>
public sealed record IngestProgress(
    int FilesDone,
    int FilesTotal,
    long BytesDone,
    long BytesTotal,
    int Chunks,
    TimeSpan Elapsed,
    FileOutcome? Last);
