using Zhiku.Core;

namespace Zhiku.Server.Services;

/// <summary>
/// The server's one open <see cref="KnowledgeBase"/> for a knowledge base (so its Lucene writer is owned once)
/// and the lock that serializes writes to it. Reads (search, ask) never take the lock.
/// </summary>
public sealed class KnowledgeBaseHandle : IDisposable
{
    internal KnowledgeBaseHandle(KnowledgeBase knowledgeBase)
    {
        KnowledgeBase = knowledgeBase;
    }

    public KnowledgeBase KnowledgeBase { get; }

    /// <summary>Held while writing (one ingested file, a delete, a re-index), never while reading.</summary>
    public SemaphoreSlim WriteLock { get; } = new(1, 1);

    /// <summary>Set (under the write lock) when the knowledge base was deleted: writers waiting for the lock must stop.</summary>
    public bool Deleted { get; internal set; }

    public void Dispose() => KnowledgeBase.Dispose();
}
