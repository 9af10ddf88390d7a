namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>GET /api/kbs/{kb}/documents</c>: one page of the documents that match.</summary>
public sealed record DocumentListResponse(IReadOnlyList<DocumentResponse> Documents)
{
    /// <summary>How many documents match (all pages).</summary>
    public int Total { get; init; }

    /// <summary>Where this page starts.</summary>
    public int Offset { get; init; }
}
