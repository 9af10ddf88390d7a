using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;
using Zhiku.Core.Documents;
using Zhiku.Core.Documents.Ocr;

namespace Zhiku.Core.Ingestion.Isolation;

/// <summary>
/// The worker protocol over the worker's stdin and stdout: frames of a 4-byte little-endian length and that many
/// bytes. A request is two frames (a <see cref="ParseRequest"/> as JSON, then the file's bytes); the answer is one
/// frame, a <see cref="ParseResponse"/> as JSON. The extracted documents are serialized generically, so a field
/// added to <see cref="ExtractedDocument"/> or <see cref="TextBlock"/> crosses without a protocol change.
/// </summary>
internal static class ParserWorkerProtocol
{
    /// <summary>JSON for requests and answers: enums by name, the records' own property names.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.General)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task WriteFrameAsync(Stream output, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        byte[] length = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, payload.Length);
        await output.WriteAsync(length, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads one frame; null at the end of the stream before a frame starts.</summary>
    /// <exception cref="EndOfStreamException">The stream ended inside a frame.</exception>
    /// <exception cref="InvalidDataException">The length is negative or over <paramref name="maxBytes"/>.</exception>
    public static async Task<byte[]?> ReadFrameAsync(Stream input, long maxBytes, CancellationToken cancellationToken)
    {
        byte[] length = new byte[4];
        int got = await input.ReadAtLeastAsync(length, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (got == 0)
        {
            return null;
        }

        if (got < 4)
        {
            throw new EndOfStreamException("the stream ended inside a frame header");
        }

        int size = BinaryPrimitives.ReadInt32LittleEndian(length);
        if (size < 0 || size > maxBytes)
        {
            throw new InvalidDataException($"frame of {size} bytes is over the limit of {maxBytes}");
        }

        byte[] payload = new byte[size];
        await input.ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
        return payload;
    }
}

/// <summary>What to parse: the file's name (its extension picks the parser) and the size limit.</summary>
internal sealed record ParseRequest(string FileName, long MaxFileBytes, OcrOptions? Ocr = null);

/// <summary>The worker's answer: the result, or the message of a <see cref="DocumentParseException"/>, or a
/// failure of the worker itself (<see cref="Failure"/>) after which it exits.</summary>
/// <param name="Result">The documents read.</param>
/// <param name="Error">The parse error's message.</param>
/// <param name="Failure">A failure of the worker itself.</param>
/// <param name="NeedsOcrModels">The error is that OCR models are missing (the file is skipped, not failed).</param>
internal sealed record ParseResponse(DocumentReadResult? Result, string? Error, ParserWorkerFailure? Failure, bool NeedsOcrModels = false);
