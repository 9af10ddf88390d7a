using Microsoft.AspNetCore.Identity;
using Zhiku.Core;
using Zhiku.Core.Access;

namespace Zhiku.Server.Auth;

/// <summary>Password hashing with ASP.NET Core Identity's PBKDF2 hasher (salted, iterated, versioned format).</summary>
public static class PasswordHashing
{
    /// <summary>Shortest accepted password.</summary>
    public const int MinLength = 8;

    private static readonly PasswordHasher<UserInfo> Hasher = new();
    private static readonly UserInfo Nobody = new(0, "", UserRole.Reader, [], false, false, DateTimeOffset.UnixEpoch);
    private static readonly string DummyHash = Hasher.HashPassword(Nobody, "not a password of anyone");

    /// <summary>Hashes a new password; a too short one is a <see cref="ZhikuException"/>.</summary>
    public static string Hash(string password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
        {
            throw ZhikuException.InvalidInput($"password: use at least {MinLength} characters / 密码至少 {MinLength} 个字符");
        }

        return Hasher.HashPassword(Nobody, password);
    }

    /// <summary>True when <paramref name="password"/> matches <paramref name="hash"/>. With a null hash it still does the
    /// work of one check, so timing does not tell whether a user exists.</summary>
    public static bool Verify(string? hash, string password)
    {
        PasswordVerificationResult result = Hasher.VerifyHashedPassword(Nobody, hash ?? DummyHash, password ?? "");
        return hash is not null && result != PasswordVerificationResult.Failed;
    }
}
