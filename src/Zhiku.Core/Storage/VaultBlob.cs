namespace Zhiku.Core.Storage;

/// <summary>A stored vault blob and the version a save must name to replace it.</summary>
/// <param name="Blob">The bytes as saved (encrypted by the vault).</param>
/// <param name="Version">Never <see cref="None"/>; changes with every save.</param>
public sealed record VaultBlob(byte[] Blob, long Version)
{
    /// <summary>The version of a session with nothing stored.</summary>
    public const long None = 0;
}
