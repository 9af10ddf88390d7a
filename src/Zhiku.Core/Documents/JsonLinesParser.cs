using System.Text.Json;

namespace Zhiku.Core.Documents;

/// <summary>
/// JSON Lines files: one JSON object a line, each with a text field ("text", "content", "body" or "passage")
/// one document; "id" becomes the external id, "title" the title. Blank lines are skipped; a line that is not
/// a JSON object fails the whole file with its line number, so a file is never half indexed.
/// </summary>
public sealed class JsonLinesParser : IDocumentParser
{
    /// <inheritdoc />
    public IReadOnlyCollection<string> Extensions { get; } = [".jsonl", ".ndjson"];

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExtractedDocument>> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var bytes = await ParserInput.ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            return ParserInput.None;
        }

        var text = TextFileDecoder.Decode(bytes, fileName).Text;
        var documents = new List<ExtractedDocument>();
        int records = 0, withText = 0;
        using var reader = new StringReader(text);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if ((lineNumber & 0xFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            try
            {
                using var record = JsonDocument.Parse(line);
                if (record.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw DocumentErrors.BadJsonLine(fileName, lineNumber, "不是 JSON 对象 / not a JSON object");
                }

                records++;
                withText += JsonRecord.HasTextField(record.RootElement) ? 1 : 0;
                if (JsonRecord.ToDocument(record.RootElement, fileName, "jsonl") is { } document)
                {
                    documents.Add(document);
                }
            }
            catch (JsonException e)
            {
                throw DocumentErrors.BadJsonLine(fileName, lineNumber, "语法错误 / syntax error", e);
            }
        }

        if (records > 0 && withText == 0)
        {
            throw DocumentErrors.NoTextField(fileName);
        }

        return documents;
    }
}
