namespace Zhiku.Core.Answering.Json;

/// <summary>The body of <c>search --json</c> and of <c>POST /api/kbs/{kb}/search</c>: <c>{"results":[…]}</c>.</summary>
public sealed record SearchResponseJson(IReadOnlyList<SearchHitJson> Results);
