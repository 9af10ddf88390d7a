using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Zhiku.Core.Text;

/// <summary>
/// Builds a <see cref="WordTable"/> from a word list's text: keys are spans of that text (no string per word), held
/// in an open-addressing table while the list is read, then written out compacted in the table's binary layout.
/// </summary>
internal sealed class WordTableBuilder
{
    private readonly string _text;
    private int[] _slots;
    private int _mask;
    private int[] _starts;
    private int[] _lengths;
    private double[] _values;
    private int _count;

    /// <param name="text">The text the keys are spans of.</param>
    /// <param name="expectedEntries">How many keys to make room for; the table grows past it.</param>
    public WordTableBuilder(string text, int expectedEntries)
    {
        _text = text;
        expectedEntries = Math.Max(expectedEntries, 4);
        _slots = new int[WordTable.CapacityFor(expectedEntries)];
        _mask = _slots.Length - 1;
        _starts = new int[expectedEntries];
        _lengths = new int[expectedEntries];
        _values = new double[expectedEntries];
    }

    /// <summary>The list's total (jieba: the sum of all frequencies), stored in the table's header.</summary>
    public double Total { get; set; }

    /// <summary>Keys held.</summary>
    public int Count => _count;

    /// <summary>Adds the key <c>text[start..start+length]</c> with <paramref name="value"/>; a key already held
    /// keeps its value unless <paramref name="overwrite"/>.</summary>
    public void Set(int start, int length, double value, bool overwrite)
    {
        ReadOnlySpan<char> key = _text.AsSpan(start, length);
        int slot = WordTable.Hash(key) & _mask;
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
                    _values[index] = value;
                }

                return;
            }

            slot = (slot + 1) & _mask;
        }

        if (_count == _starts.Length || (_count + 1) * 2 > _slots.Length)
        {
            Grow();
            Set(start, length, value, overwrite);
            return;
        }

        _starts[_count] = start;
        _lengths[_count] = length;
        _values[_count] = value;
        _count++;
        _slots[slot] = _count;
    }

    /// <summary>The table in <see cref="WordTable"/>'s layout, recording the source file it was read from
    /// (length and last write time; 0 for a table built from text in memory).</summary>
    public byte[] ToBytes(long sourceLength, long sourceWriteTicks)
    {
        // Keys sharing a start (a word and its prefixes) share their characters; each start keeps its longest key.
        var longest = new Dictionary<int, int>(_count);
        for (int i = 0; i < _count; i++)
        {
            ref int length = ref CollectionsMarshal.GetValueRefOrAddDefault(longest, _starts[i], out _);
            length = Math.Max(length, _lengths[i]);
        }

        var newStart = new Dictionary<int, int>(longest.Count);
        var chars = new List<char>();
        for (int i = 0; i < _count; i++)
        {
            if (!newStart.ContainsKey(_starts[i]))
            {
                newStart[_starts[i]] = chars.Count;
                chars.AddRange(_text.AsSpan(_starts[i], longest[_starts[i]]));
            }
        }

        int capacity = WordTable.CapacityFor(_count);
        var layout = new WordTable.Layout(_count, capacity, chars.Count);
        byte[] bytes = new byte[layout.FileLength];
        Span<byte> header = bytes.AsSpan(0, WordTable.HeaderLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header, WordTable.Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], WordTable.FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], sourceLength);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], sourceWriteTicks);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], _count);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], capacity);
        BinaryPrimitives.WriteInt32LittleEndian(header[32..], chars.Count);
        BinaryPrimitives.WriteDoubleLittleEndian(header[40..], Total);

        Span<int> slots = MemoryMarshal.Cast<byte, int>(bytes.AsSpan(layout.SlotsOffset, capacity * sizeof(int)));
        Span<int> starts = MemoryMarshal.Cast<byte, int>(bytes.AsSpan(layout.StartsOffset, _count * sizeof(int)));
        Span<int> lengths = MemoryMarshal.Cast<byte, int>(bytes.AsSpan(layout.LengthsOffset, _count * sizeof(int)));
        Span<double> values = MemoryMarshal.Cast<byte, double>(bytes.AsSpan(layout.ValuesOffset, _count * sizeof(double)));
        Span<char> text = MemoryMarshal.Cast<byte, char>(bytes.AsSpan(layout.CharsOffset, chars.Count * sizeof(char)));
        CollectionsMarshal.AsSpan(chars).CopyTo(text);
        int mask = capacity - 1;
        for (int i = 0; i < _count; i++)
        {
            starts[i] = newStart[_starts[i]];
            lengths[i] = _lengths[i];
            values[i] = _values[i];
            int slot = WordTable.Hash(_text.AsSpan(_starts[i], _lengths[i])) & mask;
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] = i + 1;
        }

        BinaryPrimitives.WriteUInt64LittleEndian(header[WordTable.PayloadHashOffset..], XxHash3.HashToUInt64(bytes.AsSpan(WordTable.HeaderLength)));
        BinaryPrimitives.WriteUInt64LittleEndian(header[WordTable.HeaderHashOffset..], XxHash3.HashToUInt64(header[..WordTable.HeaderHashOffset]));
        return bytes;
    }

    private void Grow()
    {
        int size = _starts.Length * 2;
        Array.Resize(ref _starts, size);
        Array.Resize(ref _lengths, size);
        Array.Resize(ref _values, size);
        _slots = new int[WordTable.CapacityFor(size)];
        _mask = _slots.Length - 1;
        for (int i = 0; i < _count; i++)
        {
            int slot = WordTable.Hash(_text.AsSpan(_starts[i], _lengths[i])) & _mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = i + 1;
        }
    }
}
