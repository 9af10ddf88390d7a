using System.Text.Json.Nodes;

namespace Zhiku.TestSupport;

/// <summary>A request as <see cref="FakeOpenAIServer"/> received it, for assertions on what Zhiku sent.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Request path, e.g. /v1/chat/completions.</param>
/// <param name="Headers">Request headers (last value per name, case-insensitive).</param>
/// <param name="Body">The raw body text.</param>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The body parsed as JSON, or null when it is not JSON.</summary>
    public JsonObject? Json
    {
        get
        {
            try
            {
                return JsonNode.Parse(Body) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }
    }

    /// <summary>True when the body has a top-level property of this name.</summary>
    public bool HasProperty(string name) => Json?.ContainsKey(name) ?? false;

    /// <summary>True when the request asked for a stream.</summary>
    public bool IsStreaming => Json?["stream"]?.GetValue<bool>() ?? false;

    /// <summary>The text of every message, in order, joined by blank lines (what the model would read).</summary>
    public string MessageText =>
        string.Join("\n\n", (Json?["messages"] as JsonArray ?? []).Select(m => MessageContent(m)));

    /// <summary>The role and text of each message.</summary>
    public IReadOnlyList<(string Role, string Text)> Messages =>
        (Json?["messages"] as JsonArray ?? []).Select(m => (m?["role"]?.GetValue<string>() ?? "", MessageContent(m))).ToList();

    private static string MessageContent(JsonNode? message) => message?["content"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
        _ => "",
    };
}
