using Zhiku.Core.Documents;

namespace Zhiku.Core.Ingestion;

/// <summary>Turns one file's bytes into documents: in this process, or in a parser worker process.</summary>
public interface IFileParser
{
    /// <summary>Parses <paramref name="bytes"/> as the file named <paramref name="fileName"/> (its extension picks
    /// the parser).</summary>
    /// <returns>The documents, or why there are none (empty, unsupported format).</returns>
    /// <exception cref="DocumentParseException">The file is corrupt, encrypted, not of its extension's format or
    /// over a safety limit; the message names the file and the fix.</exception>
    /// <exception cref="Isolation.ParserWorkerException">The parser process died or overran a limit on this file;
    /// the file failed, the caller goes on with the next one.</exception>
    Task<DocumentReadResult> ParseAsync(byte[] bytes, string fileName, CancellationToken cancellationToken = default);
}
