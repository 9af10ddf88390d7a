using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Zhiku.Core.Text;

/// <summary>
/// A read-only table from words to numbers (jieba's dictionary, its general-language IDFs) in one flat binary layout
/// that is both the in-memory form and the compiled file (<see cref="WordTableFile"/>): an open-addressing table of
/// entry numbers, the entries' key starts, lengths and values, and the keys' UTF-16 characters. A compiled file is
/// memory-mapped, so opening it reads nothing but the header and a lookup touches only the pages it needs.
/// </summary>
/// <remarks>
/// Layout (little-endian): a 64-byte header (magic, format version, the source file's length and last write time,
/// entry count, slot count, character count, total, XxHash3 of the payload, XxHash3 of the header), then
/// int32 slots[capacity] (entry + 1, 0 = empty), int32 starts[count], int32 lengths[count], double values[count],
/// char chars[]. Every read goes through bounds-checked spans, so a damaged payload throws rather than reads
/// outside the table.
/// </remarks>
internal sealed class WordTable
{
    public const uint Magic = 0x54574B5A; // "ZKWT"
    public const int FormatVersion = 1;
    public const int HeaderLength = 64;
    public const int PayloadHashOffset = 48;
    public const int HeaderHashOffset = 56;

    private readonly byte[]? _bytes;
    private readonly MappedFile? _mapped;
    private readonly Layout _layout;
    private readonly int _mask;

    private WordTable(byte[]? bytes, MappedFile? mapped, Layout layout, double total)
    {
        _bytes = bytes;
        _mapped = mapped;
        _layout = layout;
        _mask = layout.Capacity - 1;
        Total = total;
    }

    /// <summary>Keys held.</summary>
    public int Count => _layout.Count;

    /// <summary>The total recorded by the builder (jieba: the sum of all frequencies).</summary>
    public double Total { get; }

    /// <summary>Whether the table is a mapped compiled file (false: built in memory).</summary>
    public bool IsMapped => _mapped is not null;

    private ReadOnlySpan<byte> Data => _bytes ?? _mapped!.Span;

    /// <summary>The entry holding <paramref name="key"/>, or -1.</summary>
    public int Find(ReadOnlySpan<char> key)
    {
        ReadOnlySpan<byte> data = Data;
        ReadOnlySpan<int> slots = MemoryMarshal.Cast<byte, int>(data.Slice(_layout.SlotsOffset, _layout.Capacity * sizeof(int)));
        ReadOnlySpan<int> starts = MemoryMarshal.Cast<byte, int>(data.Slice(_layout.StartsOffset, _layout.Count * sizeof(int)));
        ReadOnlySpan<int> lengths = MemoryMarshal.Cast<byte, int>(data.Slice(_layout.LengthsOffset, _layout.Count * sizeof(int)));
        ReadOnlySpan<char> chars = MemoryMarshal.Cast<byte, char>(data.Slice(_layout.CharsOffset, _layout.Chars * sizeof(char)));
        int slot = Hash(key) & _mask;
        while (true)
        {
            int entry = slots[slot];
            if (entry == 0)
            {
                return -1;
            }

            int index = entry - 1;
            if (lengths[index] == key.Length && chars.Slice(starts[index], key.Length).SequenceEqual(key))
            {
                return index;
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>The value of an entry <see cref="Find"/> returned.</summary>
    public double ValueOf(int entry) =>
        MemoryMarshal.Cast<byte, double>(Data.Slice(_layout.ValuesOffset, _layout.Count * sizeof(double)))[entry];

    /// <summary>A table over bytes a <see cref="WordTableBuilder"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a whole table of this format.</exception>
    public static WordTable FromBytes(byte[] bytes)
    {
        Header header = ReadHeader(bytes) ?? throw new InvalidDataException("not a word table of this format");
        return new WordTable(bytes, null, header.Layout, header.Total);
    }

    /// <summary>Maps a compiled file and returns it when it is a whole table of this format compiled from a source
    /// of <paramref name="sourceLength"/> bytes last written at <paramref name="sourceWriteTicks"/>; null when it is
    /// not (another format or source, a damaged file), so the caller compiles the source again.</summary>
    public static WordTable? TryOpen(string path, long sourceLength, long sourceWriteTicks)
    {
        MappedFile mapped = MappedFile.Open(path);
        ReadOnlySpan<byte> data = mapped.Span;
        if (ReadHeader(data) is not { } header || header.SourceLength != sourceLength || header.SourceWriteTicks != sourceWriteTicks
            || XxHash3.HashToUInt64(data[HeaderLength..]) != header.PayloadHash)
        {
            mapped.Dispose();
            return null;
        }

        return new WordTable(null, mapped, header.Layout, header.Total);
    }

    /// <summary>The slot count for <paramref name="entries"/> keys: a power of two at least twice as many.</summary>
    public static int CapacityFor(int entries)
    {
        int capacity = 8;
        while (capacity < entries * 2L)
        {
            capacity <<= 1;
        }

        return capacity;
    }

    /// <summary>FNV-1a over the UTF-16 units, then mixed so that the low bits spread.</summary>
    public static int Hash(ReadOnlySpan<char> key)
    {
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

    private static Header? ReadHeader(ReadOnlySpan<byte> data)
    {
        if (!BitConverter.IsLittleEndian || data.Length < HeaderLength
            || BinaryPrimitives.ReadUInt32LittleEndian(data) != Magic
            || BinaryPrimitives.ReadInt32LittleEndian(data[4..]) != FormatVersion
            || BinaryPrimitives.ReadUInt64LittleEndian(data[HeaderHashOffset..]) != XxHash3.HashToUInt64(data[..HeaderHashOffset]))
        {
            return null;
        }

        int count = BinaryPrimitives.ReadInt32LittleEndian(data[24..]);
        int capacity = BinaryPrimitives.ReadInt32LittleEndian(data[28..]);
        int chars = BinaryPrimitives.ReadInt32LittleEndian(data[32..]);
        if (count < 0 || chars < 0 || capacity < 8 || (capacity & (capacity - 1)) != 0 || count * 2L > capacity
            || HeaderLength + capacity * 4L + count * 16L + chars * 2L != data.Length)
        {
            return null;
        }

        var layout = new Layout(count, capacity, chars);
        if (layout.FileLength != data.Length)
        {
            return null;
        }

        return new Header(
            BinaryPrimitives.ReadInt64LittleEndian(data[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(data[16..]),
            BinaryPrimitives.ReadDoubleLittleEndian(data[40..]),
            BinaryPrimitives.ReadUInt64LittleEndian(data[PayloadHashOffset..]),
            layout);
    }

    /// <summary>Where each region starts for a table of this size (8-byte aligned: the slot count is a power of
    /// two of at least 8 and starts and lengths come in pairs of count).</summary>
    internal readonly record struct Layout(int Count, int Capacity, int Chars)
    {
        public int SlotsOffset => HeaderLength;

        public int StartsOffset => SlotsOffset + Capacity * sizeof(int);

        public int LengthsOffset => StartsOffset + Count * sizeof(int);

        public int ValuesOffset => LengthsOffset + Count * sizeof(int);

        public int CharsOffset => ValuesOffset + Count * sizeof(double);

        public long FileLength => (long)CharsOffset + (long)Chars * sizeof(char);
    }

    private readonly record struct Header(long SourceLength, long SourceWriteTicks, double Total, ulong PayloadHash, Layout Layout);
}
