namespace Zhiku.Core.Storage;

/// <summary>What the indexes of a knowledge base do not have yet: documents written to the store but not yet indexed
/// (<paramref name="Pending"/>), and deleted or replaced documents whose chunks an index may still hold
/// (<paramref name="Tombstones"/>). Both in ascending id order.</summary>
public sealed record IndexBacklog(IReadOnlyList<long> Pending, IReadOnlyList<long> Tombstones)
{
    /// <summary>True when every index is in step with the store.</summary>
    public bool IsEmpty => Pending.Count == 0 && Tombstones.Count == 0;
}
