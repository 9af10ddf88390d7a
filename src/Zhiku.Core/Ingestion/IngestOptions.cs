using Zhiku.Core.Chunking;
using Zhiku.Core.Documents.Ocr;
using Zhiku.Core.Privacy;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Ingestion;

/// <summary>Options of one ingest run.</summary>
public sealed record IngestOptions
{
    /// <summary>Default cap on a file's size: larger files are skipped with a message.</summary>
    public const long DefaultMaxFileBytes = 200L * 1024 * 1024;

    public long MaxFileBytes { get; init; } = DefaultMaxFileBytes;

    /// <summary>Also delete documents whose source files no longer exist under the given folders.</summary>
    public bool Sync { get; init; }

    /// <summary>Data policy asked for the ingested documents, or null to inherit the knowledge base's. The knowledge
    /// base's policy and the rules can make it stricter, never looser (<see cref="DocumentPolicy"/>).</summary>
    public string? Policy { get; init; }

    /// <summary>Groups allowed to read the ingested documents; empty means everyone who may read the knowledge base.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>Re-parse and re-index files even when their content hash is unchanged.</summary>
    public bool Force { get; init; }

    public ChunkingOptions Chunking { get; init; } = ChunkingOptions.Default;

    /// <summary>Rules that tighten a document's policy (zhiku.json privacy.rules), with or without <see cref="Policy"/>.</summary>
    public IReadOnlyList<PrivacyRule> PolicyRules { get; init; } = [];

    /// <summary>Which stored documents a file with the same content may become another source of; null allows any.
    /// The server passes the uploader's read access, so an upload never joins (nor reveals) a document its
    /// uploader may not read.</summary>
    public Func<DocumentInfo, bool>? MayJoin { get; init; }

    /// <summary>OCR for images and scanned pages; null finds the models for the store (<c>$ZHIKU_MODELS</c>, the
    /// store's <c>models/</c> folder, <c>models/</c> beside the program).</summary>
    public OcrOptions? Ocr { get; init; }
}
