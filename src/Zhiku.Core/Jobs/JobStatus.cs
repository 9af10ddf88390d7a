namespace Zhiku.Core.Jobs;

/// <summary>States of an ingestion job and of each of its files (stored as these lower-case names).</summary>
public static class JobStatus
{
    /// <summary>Waiting for the worker (a job) or for its turn (a file).</summary>
    public const string Queued = "queued";

    /// <summary>Being ingested.</summary>
    public const string Running = "running";

    /// <summary>Finished; each file has its own outcome.</summary>
    public const string Completed = "completed";

    /// <summary>Stopped by an error that is not about one file (the knowledge base was deleted, the disk is full).</summary>
    public const string Failed = "failed";

    /// <summary>True for a job the worker still has to run (after a restart too).</summary>
    public static bool IsUnfinished(string status) => status is Queued or Running;
}
