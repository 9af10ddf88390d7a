namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>POST /api/kbs/{kb}/search</c>.</summary>
public sealed record SearchRequest
{
    /// <summary>Any text.</summary>
    public required string Query { get; init; }

    /// <summary>Number of results (1-100, default 10).</summary>
    public int? Top { get; init; }
}
