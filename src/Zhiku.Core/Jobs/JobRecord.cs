namespace Zhiku.Core.Jobs;

/// <summary>A persisted background ingestion job.</summary>
public sealed record JobRecord
{
    public required long Id { get; init; }

    public required long KbId { get; init; }

    /// <summary>The user who started it, if any.</summary>
    public long? UserId { get; init; }

    /// <summary>"ingest" (uploaded files) or "reindex" (files already in the store).</summary>
    public required string Kind { get; init; }

    /// <summary>See <see cref="JobStatus"/>.</summary>
    public required string Status { get; init; }

    /// <summary>Groups given to the documents.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>Data policy given to the documents, or null to inherit the knowledge base's.</summary>
    public string? Policy { get; init; }

    /// <summary>Re-parse even unchanged files.</summary>
    public bool Force { get; init; }

    public int FilesTotal { get; init; }

    public int FilesDone { get; init; }

    public long BytesTotal { get; init; }

    public long BytesDone { get; init; }

    public int Chunks { get; init; }

    /// <summary>Why the job failed as a whole.</summary>
    public string? Error { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The files, in upload order.</summary>
    public IReadOnlyList<JobFile> Files { get; init; } = [];
}
