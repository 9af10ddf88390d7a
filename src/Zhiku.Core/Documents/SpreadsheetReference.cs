namespace Zhiku.Core.Documents;

/// <summary>A1-style cell references: column letters to 0-based indexes and back.</summary>
internal static class SpreadsheetReference
{
    /// <summary>"A" for 0, "Z" for 25, "AA" for 26.</summary>
    public static string Column(int index)
    {
        var letters = new Stack<char>();
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters.Push((char)('A' + ((n - 1) % 26)));
        }

        return new string(letters.ToArray());
    }

    /// <summary>The 0-based column and 1-based row of a reference like "C12"; (-1, -1) when it is not one.</summary>
    public static (int Column, int Row) Parse(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return (-1, -1);
        }

        var i = 0;
        var column = 0;
        while (i < reference.Length && char.IsAsciiLetter(reference[i]))
        {
            column = checked((column * 26) + (char.ToUpperInvariant(reference[i]) - 'A' + 1));
            i++;
            if (column > 16_384)
            {
                return (-1, -1);
            }
        }

        return i > 0 && int.TryParse(reference.AsSpan(i), out var row) && row > 0 ? (column - 1, row) : (-1, -1);
    }
}
