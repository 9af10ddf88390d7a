namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>GET /api/jobs/{id}</c> and of an accepted upload.</summary>
public sealed record JobResponse(
    long Id,
    string Kb,
    string Kind,
    string Status,
    int FilesTotal,
    int FilesDone,
    long BytesTotal,
    long BytesDone,
    int Chunks,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<JobFileResponse> Files);
