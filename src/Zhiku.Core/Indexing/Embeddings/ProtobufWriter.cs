using System.Buffers.Binary;
using System.Text;

namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>
/// The few protobuf encodings needed to hand a SentencePiece model to Microsoft.ML.Tokenizers, which only
/// reads the binary <c>ModelProto</c>. Not a general serializer.
/// </summary>
internal sealed class ProtobufWriter
{
    private readonly MemoryStream _buffer = new();

    public void WriteVarint(int field, long value)
    {
        WriteKey(field, 0);
        WriteRawVarint(unchecked((ulong)value));
    }

    public void WriteFloat(int field, float value)
    {
        WriteKey(field, 5);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _buffer.Write(bytes);
    }

    public void WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteKey(field, 2);
        WriteRawVarint((ulong)value.Length);
        _buffer.Write(value);
    }

    public void WriteMessage(int field, ProtobufWriter message) => WriteBytes(field, message.ToArray());

    public byte[] ToArray() => _buffer.ToArray();

    private void WriteKey(int field, int wireType) => WriteRawVarint((ulong)((field << 3) | wireType));

    private void WriteRawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _buffer.WriteByte((byte)value);
    }
}
