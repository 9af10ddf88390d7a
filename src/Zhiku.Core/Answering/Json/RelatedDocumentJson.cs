namespace Zhiku.Core.Answering.Json;

/// <summary>A closest document of a not-found answer in the <c>ask --json</c> contract.</summary>
public sealed record RelatedDocumentJson(long DocId, string? ExternalId, string Title, string? Source);
