using System.Buffers.Binary;

namespace Zhiku.SampleGenerator;

/// <summary>
/// Takes one font out of a TrueType collection (.ttc), because PdfPig embeds only single fonts (.ttf) and
/// Debian's CJK fonts ship as collections.
/// </summary>
internal static class TrueTypeCollection
{
    /// <summary>The font file bytes: the file itself for a .ttf, font <paramref name="index"/> for a .ttc.</summary>
    public static byte[] ExtractFont(byte[] file, int index = 0)
    {
        if (file.Length < 12 || file[0] != 't' || file[1] != 't' || file[2] != 'c' || file[3] != 'f')
        {
            return file;
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(8));
        if (index >= count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"the collection holds {count} fonts");
        }

        var start = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(12 + (4 * index)));
        var tables = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(start + 4));
        var headerLength = 12 + (16 * tables);

        // Table offsets in a collection are from the start of the file; in a single font they are from the
        // start of the font, so the directory is copied and every offset rewritten.
        using var output = new MemoryStream();
        output.Write(file, start, headerLength);
        var directory = output.GetBuffer();
        var position = Align(headerLength);
        var records = new List<(int Record, int Offset, int Length)>();
        for (var i = 0; i < tables; i++)
        {
            var record = 12 + (16 * i);
            var offset = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(start + record + 8));
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(start + record + 12));
            records.Add((record, offset, length));
        }

        var result = new byte[records.Aggregate(position, (p, r) => p + Align(r.Length))];
        Array.Copy(directory, result, headerLength);
        foreach (var (record, offset, length) in records)
        {
            Array.Copy(file, offset, result, position, length);
            BinaryPrimitives.WriteInt32BigEndian(result.AsSpan(record + 8), position);
            position += Align(length);
        }

        return result;
    }

    private static int Align(int value) => (value + 3) & ~3;
}
