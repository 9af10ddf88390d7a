namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>POST /v1/chat/completions</c> (the OpenAI shape; sampling parameters are accepted and ignored).</summary>
public sealed record ChatCompletionRequest
{
    /// <summary><c>zhiku/&lt;knowledge base&gt;</c>, as listed by <c>GET /v1/models</c>.</summary>
    public required string Model { get; init; }

    public required IReadOnlyList<ChatCompletionMessage> Messages { get; init; }

    public bool Stream { get; init; }
}
