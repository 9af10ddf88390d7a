namespace Zhiku.Core.Text;

/// <summary>
/// Folds Traditional Chinese characters to Simplified, one character at a time, with a table generated
/// from OpenCC's data (tools/t2s/generate.sh). Character-level folding is enough for matching: the index
/// and the query are folded the same way.
/// </summary>
public static class ChineseVariantFolder
{
    private static readonly char[] Table = LoadTable();

    /// <summary>The Simplified form of a character, or the character itself.</summary>
    public static char ToSimplified(char c) => c < Table.Length ? Table[c] : c;

    private static char[] LoadTable()
    {
        var table = new char[0x10000];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = (char)i;
        }

        using Stream stream = typeof(ChineseVariantFolder).Assembly.GetManifestResourceStream("Zhiku.Core.t2s.txt")
            ?? throw new InvalidOperationException("The embedded t2s.txt table is missing from Zhiku.Core.");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 3 && line[1] == ' ')
            {
                table[line[0]] = line[2];
            }
        }

        return table;
    }
}
