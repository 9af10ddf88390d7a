namespace Zhiku.Core.Documents;

/// <summary>How a table row becomes one line of text.</summary>
internal static class RowText
{
    /// <summary>
    /// Row text with its header as context, "姓名: 张三; 部门: 研发部"; cells without a header keep their value
    /// alone, empty cells are left out.
    /// </summary>
    public static string WithHeader(IReadOnlyList<string> header, IReadOnlyList<string> cells)
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
