using System.Text;

namespace Zhiku.Core.Text;

/// <summary>
/// jieba's main dictionary (dict.txt: "word freq tag" a line) as jieba.NET's WordDictionary holds it — every word
/// with its frequency and every prefix of a word with frequency 0, the sum of all frequencies — but read in one pass
/// into flat arrays: one string of all words, an open-addressing table of (start, length, frequency) looked up by
/// span. No string per word is made, so loading costs a fraction of jieba.NET's dictionary of 580,000 strings.
/// </summary>
internal sealed class JiebaDictionary
{
    private readonly string _text;
    private readonly int[] _slots;
    private readonly int _mask;
    private readonly int[] _starts;
    private readonly int[] _lengths;
    private readonly int[] _freqs;
    private int _count;

    private JiebaDictionary(string text, int expectedEntries)
    {
        _text = text;
        int capacity = 1;
        while (capacity < expectedEntries * 2)
        {
            capacity <<= 1;
        }

        _slots = new int[capacity];
        _mask = capacity - 1;
        _starts = new int[expectedEntries];
        _lengths = new int[expectedEntries];
        _freqs = new int[expectedEntries];
    }

    /// <summary>The sum of the frequencies of all lines (jieba.NET's <c>WordDictionary.Total</c>).</summary>
    public double Total { get; private set; }

    /// <summary>The dictionary file as read ("word freq tag" a line), kept for other readers of jieba's words.</summary>
    public string Text => _text;

    /// <summary>Words and prefixes held.</summary>
    public int Count => _count;

    /// <summary>Reads dict.txt the way jieba.NET does: lines with fewer than two space-separated fields are skipped,
    /// a repeated word keeps its last frequency and every line's frequency counts in the total.</summary>
    public static JiebaDictionary Load(string path)
    {
        string text = File.ReadAllText(path, Encoding.UTF8);

        // About 1.7 entries (word and new prefixes) per line in jieba's dictionary; the table grows if needed.
        int lines = text.AsSpan().Count('\n') + 1;
        var dictionary = new JiebaDictionary(text, lines * 2);
        int at = 0;
        while (at < text.Length)
        {
            int end = text.IndexOf('\n', at);
            if (end < 0)
            {
                end = text.Length;
            }

            int lineEnd = end > at && text[end - 1] == '\r' ? end - 1 : end;
            dictionary.AddLine(at, lineEnd);
            at = end + 1;
        }

        return dictionary;
    }

    /// <summary>The frequency of <paramref name="key"/> (0 for a prefix that is not itself a word), or -1 when it is
    /// neither a word nor a prefix of one.</summary>
    public int Lookup(ReadOnlySpan<char> key)
    {
        int slot = Hash(key) & _mask;
        while (true)
        {
            int entry = _slots[slot];
            if (entry == 0)
            {
                return -1;
            }

            int index = entry - 1;
            if (_lengths[index] == key.Length && _text.AsSpan(_starts[index], key.Length).SequenceEqual(key))
            {
                return _freqs[index];
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>Whether <paramref name="word"/> is a word (frequency above 0), as jieba.NET's ContainsWord.</summary>
    public bool ContainsWord(ReadOnlySpan<char> word) => Lookup(word) > 0;

    /// <summary>The word's frequency, or 1 when it is not a word (jieba.NET's GetFreqOrDefault).</summary>
    public int FreqOrDefault(ReadOnlySpan<char> word)
    {
        int freq = Lookup(word);
        return freq > 0 ? freq : 1;
    }

    private static int Hash(ReadOnlySpan<char> key)
    {
        // FNV-1a over the UTF-16 units, then mixed so that the low bits spread.
        uint hash = 2166136261;
        foreach (char ch in key)
        {
            hash = (hash ^ ch) * 16777619;
        }

        hash ^= hash >> 15;
        hash *= 0x2c1b3c6d;
        hash ^= hash >> 12;
        return (int)hash;
    }

    private void AddLine(int start, int end)
    {
        // jieba.NET: tokens = line.Split(' '); skipped when fewer than 2; word = tokens[0]; freq = int.Parse(tokens[1]).
        ReadOnlySpan<char> line = _text.AsSpan(start, end - start);
        int space = line.IndexOf(' ');
        if (space < 0)
        {
            return;
        }

        ReadOnlySpan<char> rest = line[(space + 1)..];
        int next = rest.IndexOf(' ');
        ReadOnlySpan<char> freqText = next < 0 ? rest : rest[..next];
        int freq = int.Parse(freqText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.CurrentCulture);

        Set(start, space, freq, overwrite: true);
        Total += freq;
        for (int length = 1; length < space; length++)
        {
            Set(start, length, 0, overwrite: false);
        }
    }

    private void Set(int start, int length, int freq, bool overwrite)
    {
        ReadOnlySpan<char> key = _text.AsSpan(start, length);
        int slot = Hash(key) & _mask;
        while (true)
        {
            int entry = _slots[slot];
            if (entry == 0)
            {
                break;
            }

            int index = entry - 1;
            if (_lengths[index] == length && _text.AsSpan(_starts[index], length).SequenceEqual(key))
            {
                if (overwrite)
                {
                    _freqs[index] = freq;
                }

                return;
            }

            slot = (slot + 1) & _mask;
        }

        if (_count == _starts.Length || _count * 2 >= _slots.Length)
        {
            throw new InvalidOperationException("jieba dictionary table full");
        }

        _starts[_count] = start;
        _lengths[_count] = length;
        _freqs[_count] = freq;
        _count++;
        _slots[slot] = _count;
    }
}
