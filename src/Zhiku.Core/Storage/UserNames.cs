using System.Globalization;
using System.Text.RegularExpressions;

namespace Zhiku.Core.Storage;

/// <summary>The rules both engines' user stores apply: which names a user may have, and the error for a missing user.</summary>
internal static partial class UserNames
{
    /// <summary>Throws <see cref="ErrorKind.InvalidInput"/> unless <paramref name="name"/> is 1-64 letters, digits,
    /// Chinese characters, '-', '_', '.' or '@' (not starting with '-', '.' or '@').</summary>
    public static void Validate(string name)
    {
        if (!Pattern().IsMatch(name ?? ""))
        {
            throw ZhikuException.InvalidInput($"invalid user name '{name}': use 1-64 letters, digits, Chinese characters, '-', '_', '.' or '@' / 用户名无效");
        }
    }

    /// <summary>The error for a key or session of a user that does not exist.</summary>
    public static ZhikuException Missing(long userId, Exception? inner = null) =>
        ZhikuException.NotFound($"user {userId} does not exist / 用户不存在", userId.ToString(CultureInfo.InvariantCulture), inner);

    [GeneratedRegex(@"^[\p{L}\p{N}_][\p{L}\p{N}_.@\-]{0,63}$")]
    private static partial Regex Pattern();
}
