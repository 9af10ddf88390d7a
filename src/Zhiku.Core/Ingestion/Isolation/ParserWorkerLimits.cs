using Zhiku.Core.Documents;
using Zhiku.Core.Documents.Ocr;

namespace Zhiku.Core.Ingestion.Isolation;

/// <summary>Limits on a parser worker, per file. The defaults suit a desktop or a small server: a legitimate
/// 200 MB file parses well within them, a hostile one is stopped long before it hurts the host.</summary>
public sealed record ParserWorkerLimits
{
    /// <summary>The worker's managed heap limit (DOTNET_GCHeapHardLimit): allocations past it fail inside the worker.</summary>
    public long HeapBytes { get; init; } = 1536L * 1024 * 1024;

    /// <summary>Resident memory past which the worker is killed (native allocations are not under the heap limit).</summary>
    public long ResidentBytes { get; init; } = 2048L * 1024 * 1024;

    /// <summary>CPU time one file may take. OCR of a long scan runs on every core, so this is several minutes.</summary>
    public TimeSpan CpuTime { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>Wall time one file may take (also bounds a worker that sleeps or waits).</summary>
    public TimeSpan WallTime { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Files larger than this are refused by the worker's reader (as in-process).</summary>
    public long MaxFileBytes { get; init; } = DocumentReaderOptions.DefaultMaxFileBytes;

    /// <summary>OCR settings the worker's reader uses (model folder, per-document budget): the worker gets no
    /// ZHIKU_* variables, so the parent says where the models are. Null finds none.</summary>
    public OcrOptions? Ocr { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (HeapBytes < 32L * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(HeapBytes), HeapBytes, "HeapBytes must be at least 32 MB.");
        }

        if (ResidentBytes < HeapBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(ResidentBytes), ResidentBytes, "ResidentBytes must be at least HeapBytes.");
        }

        if (CpuTime <= TimeSpan.Zero || WallTime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(WallTime), WallTime, "CpuTime and WallTime must be positive.");
        }

        if (MaxFileBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFileBytes), MaxFileBytes, "MaxFileBytes must be positive.");
        }
    }
}
