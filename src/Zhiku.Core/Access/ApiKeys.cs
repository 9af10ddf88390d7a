using System.Security.Cryptography;
using System.Text;

namespace Zhiku.Core.Access;

/// <summary>
/// API keys: 256 random bits shown once as <c>zk_…</c>; only their SHA-256 is stored. A fast hash is enough
/// here because the key has full entropy (nothing to guess), unlike a password.
/// </summary>
public static class ApiKeys
{
    /// <summary>The prefix every key starts with (lets secret scanners recognise them).</summary>
    public const string Prefix = "zk_";

    /// <summary>A new random key.</summary>
    public static string Generate() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The stored form of a key (lower-case hex SHA-256).</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
