namespace Zhiku.Core.Jobs;

/// <summary>A file to add to a new job: its upload name, where it was staged, where it will live, its size.</summary>
public sealed record NewJobFile(string Name, string StagedPath, string TargetPath, long Size);
