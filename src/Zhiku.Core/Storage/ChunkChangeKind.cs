namespace Zhiku.Core.Storage;

/// <summary>What happened to a document's chunks.</summary>
public enum ChunkChangeKind
{
    /// <summary>The document was written with these chunks (a replica drops its old chunks of it, if any, and adds them).</summary>
    Added,

    /// <summary>The document was deleted or replaced: a replica drops its chunks.</summary>
    Removed,
}
