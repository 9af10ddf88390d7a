using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Zhiku.Core.Storage.Copy;

/// <summary>
/// A table's rows summed into a count and a checksum that does not depend on their order (each row's SHA-256, first
/// eight bytes, added modulo 2^64), so both engines can be read without agreeing on a sort order for text. Values are
/// compared as PostgreSQL holds them: integers as integers whatever their width, times as UTC microseconds, text as
/// stored.
/// </summary>
internal sealed class RowChecksum
{
    private readonly StringBuilder _row = new();

    public long Count { get; private set; }

    public ulong Sum { get; private set; }

    /// <summary>The checksum as 16 hex digits, for printing.</summary>
    public string Hex => Sum.ToString("x16", CultureInfo.InvariantCulture);

    public void Add(IReadOnlyList<object?> values)
    {
        _row.Clear();
        foreach (object? value in values)
        {
            Append(_row, value);
            _row.Append('\u001f');
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(_row.ToString()), hash);
        Sum = unchecked(Sum + BinaryPrimitives.ReadUInt64LittleEndian(hash));
        Count++;
    }

    public bool SameAs(RowChecksum other) => Count == other.Count && Sum == other.Sum;

    private static void Append(StringBuilder row, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                row.Append('N');
                break;
            case long or int or short:
                row.Append('I').Append(Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                break;
            case bool b:
                row.Append(b ? "B1" : "B0");
                break;
            case string s:
                row.Append('S').Append(s.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(s);
                break;
            case DateTime t:
                row.Append('T').Append(Microseconds(t.ToUniversalTime().Ticks).ToString(CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset t:
                row.Append('T').Append(Microseconds(t.UtcTicks).ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                row.Append('D').Append(d.ToString("R", CultureInfo.InvariantCulture));
                break;
            case float f:
                row.Append('F').Append(f.ToString("R", CultureInfo.InvariantCulture));
                break;
            case long[] ids:
                row.Append('A').Append(string.Join(',', ids));
                break;
            case byte[] bytes:
                row.Append('X').Append(Convert.ToHexString(bytes));
                break;
            default:
                throw new InvalidOperationException($"no checksum form for {value.GetType().Name}");
        }
    }

    private static long Microseconds(long ticks) => ticks / 10;
}
