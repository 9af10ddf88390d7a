namespace Zhiku.Core.Jobs;

/// <summary>One file of an ingestion job.</summary>
/// <param name="Ordinal">Position in the upload (0-based).</param>
/// <param name="Name">The file name as uploaded.</param>
/// <param name="StagedPath">Where the upload was streamed to; moved to <paramref name="TargetPath"/> when ingested.</param>
/// <param name="TargetPath">The file's place under the store; the document's source path.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Status">queued, running, or the ingest outcome (ingested, unchanged, skipped, failed, quarantined).</param>
/// <param name="Reason">Why it was skipped or failed.</param>
/// <param name="Documents">Documents written.</param>
/// <param name="Chunks">Chunks written.</param>
public sealed record JobFile(int Ordinal, string Name, string StagedPath, string TargetPath, long Size, string Status, string? Reason, int Documents, int Chunks);
