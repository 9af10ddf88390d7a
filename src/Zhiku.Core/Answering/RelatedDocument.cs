namespace Zhiku.Core.Answering;

/// <summary>A document close to a question that was not answered, shown so the user knows where to look.</summary>
public sealed record RelatedDocument(long DocId, string? ExternalId, string Title, string? Source);
