using System.Text.Json;
using Zhiku.Core.Documents;
using Zhiku.Core.Documents.Ocr;

namespace Zhiku.Core.Ingestion.Isolation;

/// <summary>
/// The parser worker's loop (<c>zhiku __parse-worker</c>): reads requests from its input (stdin), parses
/// each file in this process and writes the answer to its output (stdout), until the input ends. The parent
/// watches it and kills it when it overruns a limit; a stack overflow here ends only this process.
/// </summary>
public static class ParserWorkerHost
{
    /// <summary>Serves requests until the input ends (exit code 0) or memory runs out (exit code 3, after answering).</summary>
    public static async Task<int> RunAsync(Stream input, Stream output, CancellationToken cancellationToken = default)
    {
        var readers = new Dictionary<(long, OcrOptions?), DocumentReader>();
        while (true)
        {
            byte[]? header = await ParserWorkerProtocol.ReadFrameAsync(input, 64 * 1024, cancellationToken).ConfigureAwait(false);
            if (header is null)
            {
                return 0;
            }

            ParseRequest request = JsonSerializer.Deserialize<ParseRequest>(header, ParserWorkerProtocol.Json)
                ?? throw new InvalidDataException("empty request");
            byte[] bytes = await ParserWorkerProtocol.ReadFrameAsync(input, request.MaxFileBytes, cancellationToken).ConfigureAwait(false)
                ?? throw new EndOfStreamException("the request ended before the file's bytes");
            if (!readers.TryGetValue((request.MaxFileBytes, request.Ocr), out DocumentReader? reader))
            {
                reader = new DocumentReader(new DocumentReaderOptions { MaxFileBytes = request.MaxFileBytes, Ocr = request.Ocr ?? new() });
                readers[(request.MaxFileBytes, request.Ocr)] = reader;
            }

            ParseResponse response;
            try
            {
                DocumentReadResult result = await new InProcessFileParser(reader).ParseAsync(bytes, request.FileName, cancellationToken).ConfigureAwait(false);
                response = new ParseResponse(result, null, null);
            }
            catch (DocumentParseException ex) when (ex.InnerException is not OutOfMemoryException)
            {
                response = new ParseResponse(null, ex.Message, null, ex.InnerException is OcrModelsException);
            }
            catch (Exception ex) when (ex is OutOfMemoryException or DocumentParseException)
            {
                response = new ParseResponse(null, null, ParserWorkerFailure.MemoryLimit);
            }

            bytes = [];
            await ParserWorkerProtocol.WriteFrameAsync(output, JsonSerializer.SerializeToUtf8Bytes(response, ParserWorkerProtocol.Json), cancellationToken)
                .ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (response.Failure is not null)
            {
                // The heap may be left fragmented or half-full: start afresh rather than risk the next file.
                return 3;
            }
        }
    }
}
