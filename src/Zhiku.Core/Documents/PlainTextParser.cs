namespace Zhiku.Core.Documents;

/// <summary>
/// Plain text files in any common encoding (see <see cref="TextFileDecoder"/>): one paragraph block per run of
/// non-blank lines, titled by the file name.
/// </summary>
public sealed class PlainTextParser : IDocumentParser
{
    /// <inheritdoc />
    public IReadOnlyCollection<string> Extensions { get; } = [".txt", ".text", ".log"];

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExtractedDocument>> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var bytes = await ParserInput.ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            return ParserInput.None;
        }

        var text = TextFileDecoder.Decode(bytes, fileName).Text;
        var builder = new ExtractedTextBuilder();
        builder.AddParagraphs(text);
        return ParserInput.One(builder.Build(null, ParserInput.TitleFromFileName(fileName), "txt"));
    }
}
