using Zhiku.Core.Documents;

namespace Zhiku.Core.Ingestion;

/// <summary>Parses in this process: for trusted input (an eval corpus, benchmarks) and as the worker's own engine.
/// A parser that overflows the stack takes the process with it, so untrusted files go through
/// <see cref="Isolation.IsolatedFileParser"/>.</summary>
public sealed class InProcessFileParser(DocumentReader reader) : IFileParser
{
    /// <inheritdoc />
    public async Task<DocumentReadResult> ParseAsync(byte[] bytes, string fileName, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true);
        return await reader.ReadAsync(stream, fileName, cancellationToken).ConfigureAwait(false);
    }
}
