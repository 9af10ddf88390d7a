using System.Text.Json;

namespace Zhiku.Server.Contracts;

/// <summary>One message of an OpenAI chat completion request; <c>content</c> is a string or a list of parts.</summary>
public sealed record ChatCompletionMessage
{
    public required string Role { get; init; }

    public JsonElement Content { get; init; }

    /// <summary>The text of the message (text parts joined).</summary>
    public string Text() => Content.ValueKind switch
    {
        JsonValueKind.String => Content.GetString() ?? "",
        JsonValueKind.Array => string.Join("\n", Content.EnumerateArray()
            .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out JsonElement t) && t.ValueKind == JsonValueKind.String)
            .Select(p => p.GetProperty("text").GetString())),
        _ => "",
    };
}
