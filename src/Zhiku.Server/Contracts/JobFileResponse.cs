namespace Zhiku.Server.Contracts;

/// <summary>One file of a job.</summary>
public sealed record JobFileResponse(string Name, long Size, string Status, string? Reason, int Documents, int Chunks);
