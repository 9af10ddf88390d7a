namespace Zhiku.Core.Documents;

/// <summary>Turns the bytes of one file format into extracted text with structure.</summary>
public interface IDocumentParser
{
    /// <summary>Lower-case file extensions with the dot (".md") this parser reads.</summary>
    IReadOnlyCollection<string> Extensions { get; }

    /// <summary>
    /// Parses a whole file.
    /// </summary>
    /// <param name="content">The file's bytes; seekable, positioned at 0. The parser does not dispose it.</param>
    /// <param name="fileName">The file name, for titles and messages.</param>
    /// <param name="cancellationToken">Cancels the parse.</param>
    /// <returns>One or more documents; an empty list when the file holds no text.</returns>
    /// <exception cref="DocumentParseException">The file is corrupt, encrypted, truncated, not of the format its
    /// extension says, or over a safety limit; the message says which and what to do, naming no internals.</exception>
    Task<IReadOnlyList<ExtractedDocument>> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default);
}
