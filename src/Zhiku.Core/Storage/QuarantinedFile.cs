namespace Zhiku.Core.Storage;

/// <summary>A file whose parsing killed a parser worker.</summary>
/// <param name="ContentHash">SHA-256 of the file's bytes (lower-case hex).</param>
/// <param name="Name">The file's name when it last failed.</param>
/// <param name="Kills">How many times it killed a worker.</param>
/// <param name="Reason">Why the worker died the last time.</param>
/// <param name="UpdatedAt">When it last failed.</param>
public sealed record QuarantinedFile(string ContentHash, string Name, int Kills, string Reason, DateTimeOffset UpdatedAt)
{
    /// <summary>Whether the file is quarantined (not parsed again automatically).</summary>
    public bool Quarantined => Kills >= IQuarantineStore.KillsToQuarantine;
}
