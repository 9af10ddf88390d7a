namespace Zhiku.Server.Contracts;

/// <summary>The text around a citation, for showing it with the cited sentence highlighted.</summary>
public sealed record PassageResponse(
    long DocId,
    string Title,
    string? Source,
    string Heading,
    int? Page,
    string Text,
    int HighlightStart,
    int HighlightEnd,
    string DownloadUrl);
