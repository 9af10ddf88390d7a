using System.Security.Cryptography;
using System.Text;

namespace Zhiku.Core.Storage;

/// <summary>How every vault engine names a session: the first 16 bytes of the SHA-256 of its id, in hex, so a
/// conversation id never reaches a path or a row as it is.</summary>
internal static class VaultSessionKey
{
    /// <exception cref="ArgumentException">The session id is empty.</exception>
    public static string Of(string sessionId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionId);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId)).AsSpan(0, 16));
    }
}
