namespace Zhiku.Server.Contracts;

/// <summary>One turn of a chat session; <c>answer</c> is the ask JSON for assistant turns.</summary>
public sealed record ChatMessageResponse(string Role, string Text, System.Text.Json.JsonElement? Answer, DateTimeOffset CreatedAt);
