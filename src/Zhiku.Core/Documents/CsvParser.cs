namespace Zhiku.Core.Documents;

/// <summary>
/// CSV and TSV files in any common encoding: the first record is the header, every other record one row block
/// whose text carries the header as context ("姓名: 张三; 部门: 研发部"). Quoted fields may hold delimiters,
/// quotes and line breaks (RFC 4180). A .csv whose header has no comma but semicolons or tabs uses those.
/// </summary>
public sealed class CsvParser : IDocumentParser
{
    /// <inheritdoc />
    public IReadOnlyCollection<string> Extensions { get; } = [".csv", ".tsv"];

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExtractedDocument>> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var bytes = await ParserInput.ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            return ParserInput.None;
        }

        var text = TextFileDecoder.Decode(bytes, fileName).Text;
        var delimiter = Delimiter(text, fileName);
        var builder = new ExtractedTextBuilder();
        IReadOnlyList<string>? header = null;
        try
        {
            foreach (var record in CsvReader.Read(text, delimiter))
            {
                if (header is null)
                {
                    header = record.Fields;
                    continue;
                }

                builder.Add(RowText.WithHeader(header, record.Fields), BlockKind.Row);
            }
        }
        catch (FormatException e)
        {
            throw DocumentErrors.Corrupt(fileName, $"CSV ({e.Message})", e);
        }

        return ParserInput.One(builder.Build(null, ParserInput.TitleFromFileName(fileName), "csv"));
    }

    private static char Delimiter(string text, string fileName)
    {
        if (fileName.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase))
        {
            return '\t';
        }

        var end = text.IndexOfAny(['\r', '\n']);
        var header = end < 0 ? text : text[..end];
        if (header.Contains(','))
        {
            return ',';
        }

        return header.Contains('\t') ? '\t' : header.Contains(';') ? ';' : ',';
    }
}
