namespace Zhiku.Core.Text;

/// <summary>Character classes of Chinese, Japanese and Korean text, and how wrapped lines of it are joined.</summary>
public static class CjkText
{
    /// <summary>True for CJK ideographs (the BMP blocks used by Chinese text).</summary>
    public static bool IsCjk(char c) =>
        (c >= '\u4e00' && c <= '\u9fff') || (c >= '\u3400' && c <= '\u4dbf') || (c >= '\uf900' && c <= '\ufaff');

    /// <summary>Whether <paramref name="c"/> is a CJK ideograph, kana, hangul or full-width punctuation.</summary>
    public static bool IsWide(char c) =>
        c is (>= '\u2E80' and <= '\u9FFF') or (>= '\uAC00' and <= '\uD7AF') or (>= '\uF900' and <= '\uFAFF')
            or (>= '\uFE30' and <= '\uFE4F') or (>= '\uFF00' and <= '\uFFEF');

    /// <summary>
    /// Joins two pieces of one paragraph that a line break separated: no space between Chinese text (a wrapped
    /// Chinese line has none), one space otherwise.
    /// </summary>
    public static string JoinWrapped(string left, string right)
    {
        if (left.Length == 0)
        {
            return right;
        }

        if (right.Length == 0)
        {
            return left;
        }

        var a = left[^1];
        var b = right[0];
        if (char.IsWhiteSpace(a) || char.IsWhiteSpace(b) || IsWide(a) || IsWide(b))
        {
            return left + right;
        }

        return a == '-' && char.IsLetter(b) ? left[..^1] + right : left + " " + right;
    }
}
