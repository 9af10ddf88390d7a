using System.Text.Json;

namespace Zhiku.Core.Documents;

/// <summary>
/// JSON files: an object with a text field ("text", "content", "body" or "passage") is one document; an array
/// of such objects is one document each. "id" becomes the external id, "title" the title.
/// </summary>
public sealed class JsonParser : IDocumentParser
{
    /// <inheritdoc />
    public IReadOnlyCollection<string> Extensions { get; } = [".json"];

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExtractedDocument>> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var bytes = await ParserInput.ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            return ParserInput.None;
        }

        var json = TextFileDecoder.Decode(bytes, fileName).Text;
        if (string.IsNullOrWhiteSpace(json))
        {
            return ParserInput.None;
        }

        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $"第 {line + 1} 行 / line {line + 1}" : "";
            throw DocumentErrors.BadJson(fileName, where.Length > 0 ? where : "syntax", e);
        }

        using (parsed)
        {
            var root = parsed.RootElement;
            var records = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
            if (!records.Any(JsonRecord.HasTextField))
            {
                throw DocumentErrors.NoTextField(fileName);
            }

            var documents = new List<ExtractedDocument>();
            foreach (var record in records)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (JsonRecord.ToDocument(record, fileName, "json") is { } document)
                {
                    documents.Add(document);
                }
            }

            return documents;
        }
    }
}
