using System.Globalization;

namespace Zhiku.Core.Text;

/// <summary>
/// jieba's main dictionary (dict.txt: "word freq tag" a line) as jieba.NET's WordDictionary holds it — every word
/// with its frequency and every prefix of a word with frequency 0, the sum of all frequencies — as a
/// <see cref="WordTable"/>: compiled once into <c>dict.txt.zkt</c> and mapped by later processes
/// (<see cref="WordTableFile"/>), so a process that cuts a few words does not parse the 5 MB list.
/// </summary>
internal sealed class JiebaDictionary
{
    private readonly WordTable _table;

    private JiebaDictionary(WordTable table) => _table = table;

    /// <summary>The sum of the frequencies of all lines (jieba.NET's <c>WordDictionary.Total</c>).</summary>
    public double Total => _table.Total;

    /// <summary>Words and prefixes held.</summary>
    public int Count => _table.Count;

    /// <summary>Whether the table is a mapped compiled file (false: compiled in this process).</summary>
    public bool IsCompiledFile => _table.IsMapped;

    /// <summary>The dictionary of <paramref name="path"/>, through its compiled file where one matches.</summary>
    public static JiebaDictionary Load(string path, IReadOnlyList<string>? compiledPaths = null) =>
        new(WordTableFile.Load(path, Compile, compiledPaths));

    /// <summary>The dictionary of a dict.txt text, built in memory.</summary>
    public static JiebaDictionary FromText(string text) => new(WordTable.FromBytes(Compile(text).ToBytes(0, 0)));

    /// <summary>Reads dict.txt the way jieba.NET does: lines with fewer than two space-separated fields are skipped,
    /// a repeated word keeps its last frequency and every line's frequency counts in the total.</summary>
    internal static WordTableBuilder Compile(string text)
    {
        // About 1.7 entries (word and new prefixes) per line in jieba's dictionary; the table grows if needed.
        int lines = text.AsSpan().Count('\n') + 1;
        var builder = new WordTableBuilder(text, lines * 2);
        int at = 0;
        while (at < text.Length)
        {
            int end = text.IndexOf('\n', at);
            if (end < 0)
            {
                end = text.Length;
            }

            int lineEnd = end > at && text[end - 1] == '\r' ? end - 1 : end;
            AddLine(builder, text, at, lineEnd);
            at = end + 1;
        }

        return builder;
    }

    /// <summary>The frequency of <paramref name="key"/> (0 for a prefix that is not itself a word), or -1 when it is
    /// neither a word nor a prefix of one.</summary>
    public int Lookup(ReadOnlySpan<char> key)
    {
        int entry = _table.Find(key);
        return entry < 0 ? -1 : (int)_table.ValueOf(entry);
    }

    /// <summary>Whether <paramref name="word"/> is a word (frequency above 0), as jieba.NET's ContainsWord.</summary>
    public bool ContainsWord(ReadOnlySpan<char> word) => Lookup(word) > 0;

    /// <summary>The word's frequency, or 1 when it is not a word (jieba.NET's GetFreqOrDefault).</summary>
    public int FreqOrDefault(ReadOnlySpan<char> word)
    {
        int freq = Lookup(word);
        return freq > 0 ? freq : 1;
    }

    private static void AddLine(WordTableBuilder builder, string text, int start, int end)
    {
        // jieba.NET: tokens = line.Split(' '); skipped when fewer than 2; word = tokens[0]; freq = int.Parse(tokens[1]).
        ReadOnlySpan<char> line = text.AsSpan(start, end - start);
        int space = line.IndexOf(' ');
        if (space < 0)
        {
            return;
        }

        ReadOnlySpan<char> rest = line[(space + 1)..];
        int next = rest.IndexOf(' ');
        ReadOnlySpan<char> freqText = next < 0 ? rest : rest[..next];
        int freq = int.Parse(freqText, NumberStyles.Integer, CultureInfo.CurrentCulture);

        builder.Set(start, space, freq, overwrite: true);
        builder.Total += freq;
        for (int length = 1; length < space; length++)
        {
            builder.Set(start, length, 0, overwrite: false);
        }
    }
}
