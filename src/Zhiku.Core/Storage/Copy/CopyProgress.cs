namespace Zhiku.Core.Storage.Copy;

/// <summary>Where a copy is: the table being copied and its rows read so far of its total.</summary>
public sealed record CopyProgress(string Table, long Done, long Total);
