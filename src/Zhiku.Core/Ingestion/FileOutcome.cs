namespace Zhiku.Core.Ingestion;

/// <summary>What happened to one file.</summary>
public enum FileStatus
{
    /// <summary>New or changed, now indexed.</summary>
    Ingested,
    /// <summary>Same content hash as the stored version; nothing done.</summary>
    Unchanged,
    /// <summary>Not ingested for an expected reason (unknown format, empty, too large).</summary>
    Skipped,
    /// <summary>Could not be read (corrupt, encrypted, not the format it claims).</summary>
    Failed,
    /// <summary>Removed from the knowledge base because its file is gone (--sync).</summary>
    Removed,
    /// <summary>Its parsing killed the parser worker twice (now or before): not parsed again unless forced.</summary>
    Quarantined,
}

/// <summary>The outcome of one file: status, a reason for skipped/failed ones, documents and chunks written, and what the
/// caller can change to get it in (<see cref="FileRemedy"/>), so a host can name its own flag or setting for it.</summary>
public sealed record FileOutcome(string Path, FileStatus Status, string? Reason, int Documents, int Chunks, long Bytes,
    FileRemedy Remedy = FileRemedy.None);
