namespace Zhiku.Core.Documents;

/// <summary>Character classes that decide how wrapped lines and table cells are joined.</summary>
internal static class CjkText
{
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

    /// <summary>
    /// Row text with its header as context, "姓名: 张三; 部门: 研发部"; cells without a header keep their value
    /// alone, empty cells are left out.
    /// </summary>
    public static string RowWithHeader(IReadOnlyList<string> header, IReadOnlyList<string> cells)
    {
        var parts = new List<string>(cells.Count);
        for (var i = 0; i < cells.Count; i++)
        {
            var value = string.Join(' ', cells[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (value.Length == 0)
            {
                continue;
            }

            var name = i < header.Count ? header[i].Trim() : "";
            parts.Add(name.Length > 0 ? $"{name}: {value}" : value);
        }

        return string.Join("; ", parts);
    }
}
