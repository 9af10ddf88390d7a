using System.Text.Json;

namespace Zhiku.Core.Documents;

/// <summary>
/// Turns one JSON object into a document: its text from the first of "text", "content", "body" or "passage"
/// holding a string, its external id from "id", its title from "title".
/// </summary>
internal static class JsonRecord
{
    /// <summary>Field names that hold a record's text, in order of preference.</summary>
    public static readonly string[] TextFields = ["text", "content", "body", "passage"];

    /// <summary>The record's document; null when it has no text field (or only empty text).</summary>
    public static ExtractedDocument? ToDocument(JsonElement record, string fileName, string format)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? text = null;
        foreach (var field in TextFields)
        {
            if (Field(record, field) is { ValueKind: JsonValueKind.String } value)
            {
                text = value.GetString();
                break;
            }
        }

        if (text is null)
        {
            return null;
        }

        var id = Field(record, "id") switch
        {
            { ValueKind: JsonValueKind.String } s => s.GetString(),
            { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
            _ => null,
        };
        var title = Field(record, "title") is { ValueKind: JsonValueKind.String } t ? t.GetString()?.Trim() : null;
        var builder = new ExtractedTextBuilder();
        builder.AddParagraphs(text);
        var name = !string.IsNullOrEmpty(title) ? title : id is not null ? $"{ParserInput.TitleFromFileName(fileName)}#{id}" : ParserInput.TitleFromFileName(fileName);
        return builder.Build(id, name, format);
    }

    /// <summary>Whether the value is an object with any of the text fields.</summary>
    public static bool HasTextField(JsonElement record) =>
        record.ValueKind == JsonValueKind.Object && TextFields.Any(f => Field(record, f) is { ValueKind: JsonValueKind.String });

    private static JsonElement? Field(JsonElement record, string name)
    {
        if (record.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        foreach (var property in record.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
